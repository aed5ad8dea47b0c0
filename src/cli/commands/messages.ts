/** @module `secintake messages list|show|retry`: every captured message, failed ones with their reason and raw bytes. */
import { Command } from 'commander';
import { SecintakeError } from '../../errors.js';
import type { CapturedMessage, MessageListing } from '../../db/messages.js';
import { printJson, printTable, withDesk, withRuntime } from '../context.js';
import { escapeForTerminal } from '../escape.js';

const messageJson = (m: MessageListing) => ({
  id: m.id,
  messageId: m.messageId,
  source: m.source,
  sourceRef: m.sourceRef,
  capturedAt: m.capturedAt,
  size: m.size,
  sha256: m.sha256,
  state: m.state,
  outcome: m.outcome,
  errorCode: m.errorCode,
  error: m.error,
  duplicateOf: m.duplicateOf,
});

export function messagesCommand(_root: Command): Command {
  const messages = new Command('messages').description('captured messages, including failed ones');
  messages
    .command('list')
    .description('list captured messages')
    .option('--failed', 'only messages that failed processing')
    .option('--json', 'print JSON')
    .action(async (opts: { failed?: boolean; json?: boolean }, cmd: Command) => {
      await withDesk(cmd, async (rt) => {
        const list = rt.repos.messages.listing({ failed: opts.failed === true }).map(messageJson);
        if (opts.json) return printJson(list);
        printTable(
          ['ID', 'CAPTURED', 'STATE', 'OUTCOME', 'SIZE', 'REASON'],
          list.map((m) => [m.id, m.capturedAt.slice(0, 19).replace('T', ' '), m.state, m.outcome, m.size, m.error]),
        );
      });
    });
  messages
    .command('show')
    .description('show one message; --raw writes its exact bytes to stdout')
    .argument('<id>', 'message id (from `messages list`)', (v) => Number.parseInt(v, 10))
    .option('--raw', 'write the raw RFC 5322 bytes as captured')
    .option('--json', 'print JSON')
    .action(async (id: number, opts: { raw?: boolean; json?: boolean }, cmd: Command) => {
      await withDesk(cmd, async (rt) => {
        const m = rt.repos.messages.get(id);
        if (!m) throw new SecintakeError('E_INPUT', `no message ${id}`, { hint: 'see `secintake messages list`' });
        if (opts.raw) return void process.stdout.write(m.raw);
        const json = messageJson(m);
        if (opts.json) return printJson(json);
        process.stdout.write(`${Object.entries(json).map(([k, v]) => `${k.padEnd(12)} ${escapeForTerminal(String(v ?? '-'))}`).join('\n')}\n`);
      });
    });
  messages
    .command('retry')
    .description('process a failed message again (after restoring a key or raising a limit)')
    .argument('<id>', 'message id', (v) => Number.parseInt(v, 10))
    .option('--json', 'print the outcome as JSON')
    .action(async (id: number, opts: { json?: boolean }, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        if (!rt.repos.messages.requeue(id)) {
          throw new SecintakeError('E_INPUT', `message ${id} is not a failed message`, { hint: 'see `secintake messages list --failed`' });
        }
        rt.repos.events.append({ messageId: id, kind: 'message.retry' }, rt.clock());
        const outcome = await rt.pipeline.processSafely(rt.repos.messages.get(id) as CapturedMessage);
        if (opts.json) return printJson(outcome);
        process.stdout.write(`message ${id}: ${outcome?.outcome ?? 'queued'}${outcome?.reportRef ? ` ${outcome.reportRef}` : ''}${outcome?.error ? ` (${escapeForTerminal(outcome.error)})` : ''}\n`);
      });
    });
  return messages;
}
