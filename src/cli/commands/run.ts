/** @module `secintake run [--once]`: the daemon, or each job once (read sources, process, sweep, send) and what that did. */
import { Command } from 'commander';
import { SecintakeError } from '../../errors.js';
import { describeFailure } from '../../jobs/failure.js';
import { printJson, printTable, withRuntime } from '../context.js';

export function runCommand(_root: Command): Command {
  return new Command('run')
    .description('run the daemon (or one pass with --once)')
    .option('--once', 'one pass: read the sources, process, sweep, send; then exit')
    .option('--json', 'with --once: print {messages: [one object per message, as ingest --json], outbox: {sent, deferred, dead}}')
    .action(async (opts: { once?: boolean; json?: boolean }, cmd: Command) => {
      const { runDaemon, runOnce } = await import('../../daemon.js');
      await withRuntime(
        cmd,
        async (rt) => {
          if (opts.once) {
            const { messages, outbox, failed } = await runOnce(rt);
            if (opts.json) printJson({ messages, outbox });
            else {
              process.stdout.write(`processed ${messages.length} message(s): ${summarize(messages.map((o) => o.outcome))}\n`);
              // No Message-ID column: it is the sender's text, and a terminal must not get a stranger's control bytes.
              if (messages.length > 0) {
                printTable(
                  ['OUTCOME', 'REPORT', 'ENCRYPTED', 'SIGNATURE', 'REASON'],
                  messages.map((o) => [o.outcome, o.reportRef, o.decryption.encrypted ? 'yes' : 'no', o.signature.status, o.error]),
                );
              }
              process.stdout.write(`outbox: sent ${outbox.sent}, deferred ${outbox.deferred}, dead ${outbox.dead}\n`);
            }
            if (failed.length > 0) {
              const texts = failed.map((f) => ({ job: f.job, ...describeFailure(f.error) }));
              throw new SecintakeError('E_JOB_FAILED', `the other jobs ran, but ${texts.map((t) => `${t.job} failed: ${t.code ? `${t.code} ` : ''}${t.err}`).join('; ')}`, {
                hint: texts.find((t) => t.hint)?.hint ?? 'the log line for the job has the details; run again once it is fixed',
              });
            }
            return;
          }
          const stop = new AbortController();
          // SIGTERM (systemd stop) and SIGINT: finish the message in hand, then exit.
          for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => stop.abort());
          await runDaemon(rt, stop.signal);
        },
        { daemon: !opts.once },
      );
    });
}

function summarize(outcomes: string[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing new';
}
