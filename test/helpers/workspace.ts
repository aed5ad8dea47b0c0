/** @module A throwaway secintake installation for tests: config, generated team key, database, Maildir, outbox. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { parseConfig, type Config } from '../../src/config/load.js';
import { generateTeamKey } from '../../src/crypto/keygen.js';
import { createLogger } from '../../src/log.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';

export interface Workspace {
  dir: string;
  config: Config;
  configFile: string;
  teamPublicKey: openpgp.PublicKey;
  teamFingerprint: string;
  open(clock?: () => Date): Promise<Runtime>;
  cleanup(): void;
}

/**
 * `extraYaml` is appended to a minimal Maildir config (e.g. `limits: { max_decompressed_bytes: 1000000 }`); `source`,
 * `transport` and `logLevel` replace its lines (the transport default is an outbox directory, the log is silent).
 */
export async function createWorkspace(opts: { extraYaml?: string; source?: string; transport?: string; logLevel?: string } = {}): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), 'secintake-ws-'));
  const text = [
    'team: { name: Example Security, address: security@example.test }',
    opts.source ?? 'source: { maildir: { path: mail } }',
    opts.transport ?? 'transport: { outbox_dir: outbox }',
    'keys: { dir: keys, passphrase_file: keys/passphrase }',
    `log: { level: ${opts.logLevel ?? 'silent'} }`,
    opts.extraYaml ?? '',
  ].join('\n');
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, text);
  const parsed = parseConfig(text, configFile);
  if (!parsed.ok) throw new Error(`test config invalid: ${JSON.stringify(parsed.problems)}`);
  // Created an hour ago, so a key made "now" in a test is strictly newer (OpenPGP times have 1 s resolution).
  const key = await generateTeamKey(parsed.config, { rotate: false, expiresDays: 365, now: new Date(Date.now() - 3_600_000) });
  const { readFileSync } = await import('node:fs');
  const teamPublicKey = await openpgp.readKey({ armoredKey: readFileSync(key.publicFile, 'utf8') });
  return {
    dir,
    config: parsed.config,
    configFile,
    teamPublicKey,
    teamFingerprint: key.fingerprint,
    open: (clock) => openRuntime(parsed.config, createLogger('silent'), clock),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
