/** @module Wires config → database → keyring → pipeline → source, for the daemon and for one-shot commands. */
import { readFileSync } from 'node:fs';
import { availableParallelism, hostname } from 'node:os';
import type { Config } from './config/load.js';
import { readSecretFile } from './config/secrets.js';
import { openDatabase } from './db/connection.js';
import { createRepos, type Repos } from './db/index.js';
import { errorMessage, SecintakeError } from './errors.js';
import { LIMITS } from './limits.js';
import { loadKeyring, withEngine, type Keyring } from './crypto/keyring.js';
import { createCryptoPool } from './crypto/pool/pool.js';
import { createCapture, type Capture } from './intake/capture.js';
import { createPipeline, type Pipeline } from './intake/pipeline.js';
import type { Logger } from './log.js';
import { createCalendar, type Calendar } from './policy/calendar.js';
import { createTransport, type Transport } from './mail/transports/index.js';
import { createNotifier, type Notifier } from './notify/acknowledge.js';
import { drainOutbox, type DrainSummary } from './notify/outbox.js';
import { loadTemplatesOrThrow } from './notify/templates/load.js';
import type { TemplateSet } from './notify/templates/set.js';

export interface Runtime {
  config: Config;
  repos: Repos;
  keyring: Keyring;
  pipeline: Pipeline;
  notifier: Notifier;
  /** The team's words (built-in sets, `templates.dir` over them), per language. */
  templates: TemplateSet;
  calendar: Calendar;
  capture: Capture;
  /** Sends what is due in the outbox; once `signal` is raised, takes no further mail. */
  drain(signal?: AbortSignal): Promise<DrainSummary>;
  log: Logger;
  clock: () => Date;
  close(): void;
}

/** Crypto workers for a runtime that processes mail in bulk (the daemon, `ingest` of several files): one per core but the main thread's, at most LIMITS.maxCryptoWorkers. */
export const defaultCryptoWorkers = () => Math.min(LIMITS.maxCryptoWorkers, Math.max(1, availableParallelism() - LIMITS.coresLeftToMainThread));

export interface RuntimeOptions {
  /** Worker threads that hold the team keys and do the decryption and signing; 0 (the default) keeps them on this thread. */
  cryptoWorkers?: number;
}

export async function openRuntime(config: Config, log: Logger, clock: () => Date = () => new Date(), opts: RuntimeOptions = {}): Promise<Runtime> {
  // Before anything opens: a template error stops the start with the words `config check` prints.
  const templates = loadTemplatesOrThrow(config.templates.dir, config.policy.languages);
  const passphrase = readSecretFile(config.keys.passphrase_file, 'keys.passphrase_file');
  const loaded = await loadKeyring(config.keys.dir, passphrase, clock());
  if (loaded.keys.length === 0) {
    throw new SecintakeError('E_KEYS_NONE', `no team secret key in ${config.keys.dir}`, { hint: 'run `secintake keys generate` (or copy the team keys into keys.dir)' });
  }
  // The workers unlock the same files themselves: the unlocked keys never cross a thread.
  const files = () => [...new Set(loaded.keys.map((k) => k.file))].map((file) => ({ file, armored: readFileSync(file, 'utf8') }));
  const keyring = opts.cryptoWorkers ? withEngine(loaded, createCryptoPool(opts.cryptoWorkers, { keys: files(), passphrase })) : loaded;
  // Started now, beside the database and the sources, so the first message does not wait for workers to unlock keys.
  keyring.engine?.ready().catch((e: unknown) => log.warn({ err: errorMessage(e) }, 'a crypto worker did not start; requests that need it will fail and be retried'));
  const db = openDatabase(config.database);
  const repos = createRepos(db);
  await recordTeamKeys(repos, keyring, clock());
  const calendar = createCalendar({ timezone: config.timezone, holidays: config.policy.holidays });
  const notifier = createNotifier(config, keyring, calendar, clock, templates);
  const pipeline = createPipeline({
    repos,
    keyring,
    limits: {
      maxMessageBytes: config.limits.max_message_bytes,
      maxDecompressedBytes: config.limits.max_decompressed_bytes,
      maxMimeDepth: config.limits.max_mime_depth,
      maxMimeParts: config.limits.max_mime_parts,
    },
    timezone: config.timezone,
    clock,
    log,
    teamAddress: config.team.address,
    notifier,
    supportedVersions: config.policy.supported_versions,
    updateIntervalDays: config.policy.update_interval_days,
    deadlines: { repos, config, calendar },
    inFlight: (opts.cryptoWorkers ?? 0) * LIMITS.inFlightPerCryptoWorker || 1,
  });
  // No requeue here: every command opens a runtime, and mail in flight belongs to whoever claimed it. The daemon that
  // holds the lease puts back only abandoned claims (src/jobs/drain.ts).
  let transport: Transport | null = null;
  const unmarked = new Map<number, Date>();
  const drain = (signal?: AbortSignal) => {
    transport ??= createTransport(config);
    return drainOutbox({
      signal,
      outbox: repos.outbox,
      events: repos.events,
      transport,
      envelopeFrom: config.team.address,
      claimant: `${hostname()}:${process.pid}`,
      clock,
      log,
      transaction: repos.transaction,
      unmarked,
    });
  };
  return {
    config,
    repos,
    keyring,
    pipeline,
    notifier,
    templates,
    calendar,
    capture: createCapture(repos, clock),
    drain,
    log,
    clock,
    close: () => {
      transport?.close();
      void keyring.engine?.close();
      db.close();
    },
  };
}

/** Public halves of the team keys go to the `keys` table so status, digest and security.txt read one place. */
async function recordTeamKeys(repos: Repos, keyring: Keyring, now: Date) {
  for (const k of keyring.keys) {
    repos.keys.upsert({
      fingerprint: k.fingerprint,
      role: 'team',
      userIds: k.userIds,
      createdAt: k.createdAt.toISOString(),
      expiresAt: k.expiresAt?.toISOString() ?? null,
      revoked: k.revoked,
      publicKey: k.key.toPublic().armor(),
      source: 'keys-dir',
      file: k.file,
      seenAt: now.toISOString(),
    });
  }
}
