/** @module `secintake keys pending|approve`: reporter keys that changed for a pinned address wait here until the team decides. */
import type { Command } from 'commander';
import { SecintakeError } from '../../errors.js';
import { printJson, printTable, withRuntime } from '../context.js';
import { term } from '../escape.js';

export function addPinCommands(keys: Command): void {
  keys
    .command('pending')
    .description('reporter keys waiting for approval: a different key arrived for an address that already has a pinned one')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const pending = rt.repos.keys.pending();
        if (opts.json) return printJson(pending);
        if (pending.length === 0) return void process.stdout.write('no reporter key is waiting for approval\n');
        printTable(['FINGERPRINT', 'ADDRESS', 'SINCE', 'MESSAGE', 'USER ID'], pending.map((p) => [p.fingerprint, p.address, p.since, p.messageId, p.userIds.join(', ')]));
        process.stdout.write('Check each with its owner on another channel, then: secintake keys approve FINGERPRINT\n');
      });
    });
  keys
    .command('approve')
    .description('pin a pending reporter key: mail to its address is encrypted to it from now on')
    .argument('<fingerprint>', 'the full fingerprint, as `keys pending` lists it')
    .action(async (fingerprint: string, _opts: unknown, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const fpr = fingerprint.replace(/\s+/g, '').toUpperCase();
        const addresses = rt.repos.keys.pending().filter((p) => p.fingerprint === fpr).map((p) => p.address);
        if (addresses.length === 0) {
          throw new SecintakeError('E_INPUT', `no pending reporter key ${fpr}`, { hint: 'see `secintake keys pending` for the fingerprints waiting' });
        }
        rt.repos.transaction(() => {
          rt.repos.keys.approve(fpr);
          rt.repos.events.append({ kind: 'key.approved', data: { fingerprint: fpr, addresses } }, rt.clock());
        });
        process.stdout.write(`${term`pinned ${fpr} for ${addresses.join(', ')}`}\n`);
      });
    });
}
