/** @module `secintake keys generate|status|import|pending|approve`: the team keys in keys.dir, and public keys of reporters and digest recipients. */
import { Command } from 'commander';
import { readSecretFile } from '../../config/secrets.js';
import { SecintakeError } from '../../errors.js';
import { cliConfig, printJson, printTable, withRuntime } from '../context.js';
import { escapeForTerminal, term } from '../escape.js';
import { addPinCommands } from './keys-pins.js';

const DAY_MS = 86_400_000;

export function keysCommand(_root: Command): Command {
  const keys = new Command('keys').description('team keys');
  keys
    .command('generate')
    .description('generate a team key pair in keys.dir (and the passphrase file if missing)')
    .option('--rotate', 'create a new current key even though a valid one exists (the old one is retired)')
    .option('--expires-days <n>', 'validity in days', (v) => Number.parseInt(v, 10), 730)
    .action(async (opts: { rotate?: boolean; expiresDays: number }, cmd: Command) => {
      const config = cliConfig(cmd);
      const { generateTeamKey } = await import('../../crypto/keygen.js');
      const k = await generateTeamKey(config, { rotate: opts.rotate ?? false, expiresDays: opts.expiresDays, now: new Date() });
      const lines = [
        `generated team key ${k.fingerprint}, valid until ${k.expiresAt.toISOString()}`,
        `  secret key: ${k.secretFile} (mode 600, never commit it)`,
        `  public key: ${k.publicFile} (publish this one)`,
        ...(k.passphraseCreated ? [`  passphrase: written to ${config.keys.passphrase_file} (mode 600)`] : []),
        ...(k.retired ? [`  previous key ${k.retired} is now retired; it still decrypts older mail`] : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  keys
    .command('status')
    .description('list team keys with their status and expiry')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const config = cliConfig(cmd);
      const { loadKeyring } = await import('../../crypto/keyring.js');
      const now = new Date();
      const ring = await loadKeyring(config.keys.dir, readSecretFile(config.keys.passphrase_file, 'keys.passphrase_file'), now);
      const list = ring.keys.map((k) => {
        const daysLeft = k.expiresAt === null ? null : Math.floor((k.expiresAt.getTime() - now.getTime()) / DAY_MS);
        return {
          fingerprint: k.fingerprint,
          status: k.status,
          userIds: k.userIds,
          createdAt: k.createdAt.toISOString(),
          expiresAt: k.expiresAt?.toISOString() ?? null,
          daysLeft,
          expiringSoon: k.status === 'current' && daysLeft !== null && daysLeft <= config.policy.key_expiry_warn_days,
          file: k.file,
        };
      });
      if (opts.json) return printJson(list);
      if (list.length === 0) return void process.stdout.write(`no team key in ${config.keys.dir}; run \`secintake keys generate\`\n`);
      printTable(
        ['FINGERPRINT', 'STATUS', 'EXPIRES', 'DAYS LEFT', 'USER ID'],
        list.map((k) => [k.fingerprint, k.status + (k.expiringSoon ? ' (expiring soon)' : ''), k.expiresAt, k.daysLeft, k.userIds.join(', ')]),
      );
    });
  keys
    .command('import')
    .description("import a reporter's public key (--reporter), a digest recipient's public key (--recipient), or a team secret key into keys.dir")
    .argument('<file>', 'armored or binary OpenPGP key file')
    .option('--reporter', "the file holds a reporter's public key")
    .option('--recipient', "the file holds a team member's public key: the daily digest is encrypted to it")
    .action(async (file: string, opts: { reporter?: boolean; recipient?: boolean }, cmd: Command) => {
      if (opts.reporter && opts.recipient) throw new SecintakeError('E_INPUT', '--reporter and --recipient exclude each other', { hint: 'import the file once for each role it has' });
      const { readFileSync } = await import('node:fs');
      let data: Buffer;
      try {
        data = readFileSync(file);
      } catch (e) {
        throw new SecintakeError('E_INPUT', `cannot read ${file}`, { cause: e, hint: 'check the path' });
      }
      if (opts.recipient) {
        const { importRecipientKeys } = await import('../../crypto/recipient-key-import.js');
        await withRuntime(cmd, async (rt) => {
          for (const k of await importRecipientKeys(rt.repos, data, new Date())) {
            process.stdout.write(`imported digest recipient key ${k.fingerprint} for ${escapeForTerminal(k.address)}${k.expiresAt ? `, expires ${k.expiresAt}` : ''}\n`);
          }
        });
        return;
      }
      const { importReporterKeys, importTeamKey } = await import('../../crypto/key-import.js');
      if (opts.reporter) {
        await withRuntime(cmd, async (rt) => {
          for (const k of await importReporterKeys(rt.repos, data, new Date())) {
            process.stdout.write(`${term`imported reporter key ${k.fingerprint} (${k.userIds.join(', ')})`}${k.expiresAt ? `, expires ${k.expiresAt}` : ''}\n`);
          }
        });
        return;
      }
      const imported = await importTeamKey(cliConfig(cmd), data, new Date());
      process.stdout.write(`imported team key ${imported.fingerprint} into ${imported.file} (${imported.status})\n`);
    });
  addPinCommands(keys);
  return keys;
}
