/** @module `secintake outbox list|retry`: what waits to be sent, what was given up, and sending it again. */
import { Command, Option } from 'commander';
import type { OutboxListing, OutboxStatus } from '../../db/outbox.js';
import { printJson, printTable, withDesk, withRuntime } from '../context.js';

const STATUSES: readonly OutboxStatus[] = ['queued', 'active', 'deferred', 'sent', 'dead'];

/** Everything but the composed mail, which holds report content (and would be ciphertext to a person anyway). */
const outboxJson = (m: OutboxListing) => ({
  id: m.id,
  kind: m.kind,
  recipients: m.recipients,
  status: m.status,
  attempts: m.attempts,
  nextAttemptAt: m.nextAttemptAt,
  lastError: m.lastError,
  reportRef: m.reportRef,
  messageId: m.messageId,
  createdAt: m.createdAt,
  sentAt: m.sentAt,
});

export function outboxCommand(_root: Command): Command {
  const outbox = new Command('outbox').description('outgoing mail: queued, deferred, sent and dead');
  outbox
    .command('list')
    .description('list outgoing mail, oldest first (never its content)')
    .addOption(new Option('--status <status>', 'only mail in this state').choices(STATUSES))
    .option('--json', 'print JSON')
    .action(async (opts: { status?: OutboxStatus; json?: boolean }, cmd: Command) => {
      await withDesk(cmd, async (rt) => {
        const list = rt.repos.outbox.listing(opts.status === undefined ? {} : { status: opts.status }).map(outboxJson);
        if (opts.json) return printJson(list);
        if (list.length === 0) return void process.stdout.write('no outgoing mail\n');
        printTable(
          ['ID', 'KIND', 'STATUS', 'ATTEMPTS', 'NEXT ATTEMPT', 'REPORT', 'RECIPIENTS', 'LAST ERROR'],
          list.map((m) => [m.id, m.kind, m.status, m.attempts, m.status === 'sent' ? null : m.nextAttemptAt.slice(0, 16).replace('T', ' '), m.reportRef, m.recipients.join(', '), m.lastError]),
        );
      });
    });
  outbox
    .command('retry')
    .description('send a dead or deferred mail again now (same Message-ID, fresh backoff); sent mail is never sent twice')
    .argument('<id>', 'outbox id (from `outbox list`)', (v) => Number.parseInt(v, 10))
    .option('--json', 'print JSON')
    .action(async (id: number, opts: { json?: boolean }, cmd: Command) => {
      const { retryOutbox } = await import('../../report/outbox-retry.js');
      await withRuntime(cmd, async (rt) => {
        const retried = retryOutbox({ ...rt.repos, clock: rt.clock }, id);
        await rt.drain();
        const after = rt.repos.outbox.listingById(id) ?? retried.mail;
        const result = { id, from: retried.from, status: after.status, lastError: after.lastError };
        if (opts.json) return printJson(result);
        process.stdout.write(`outbox ${id}: ${retried.from} → queued; now ${after.status}${after.status === 'sent' ? '' : ` (${after.lastError ?? 'waiting'})`}\n`);
      });
    });
  return outbox;
}
