/** @module `secintake run [--once]`: the daemon, or each job once (read sources, process, sweep, send) and what that did. */
import { Command } from 'commander';
import { SecintakeError } from '../../errors.js';
import { describeFailure } from '../../jobs/failure.js';
import { LIMITS } from '../../limits.js';
import { createLogger } from '../../log.js';
import { loadTemplatesOrThrow } from '../../notify/templates/load.js';
import type { Runtime } from '../../runtime.js';
import { cliConfig, printJson, printTable, withRuntime } from '../context.js';

export function runCommand(_root: Command): Command {
  return new Command('run')
    .description('run the daemon (or one pass with --once)')
    .option('--once', 'one pass: read the sources, process, sweep, send; then exit')
    .option('--json', 'with --once: print {messages: [one object per message, as ingest --json], outbox: {sent, deferred, dead}}')
    .action(async (opts: { once?: boolean; json?: boolean }, cmd: Command) => {
      const { runDaemon, runOnce } = await import('../../daemon.js');
      if (!opts.once) return daemon(cmd, runDaemon);
      await withRuntime(cmd, async (rt) => {
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
      }, { bulk: true });
    });
}

/**
 * SIGTERM/SIGINT: stop, with a hard deadline under systemd's TimeoutStopSec (a frozen peer must never earn a SIGKILL
 * mid-write). SIGHUP: the config and its templates are read again; a bad one is refused and the running daemon keeps the old.
 */
async function daemon(cmd: Command, runDaemon: (rt: Runtime, signal: AbortSignal) => Promise<void>): Promise<void> {
  const log = createLogger(cliConfig(cmd).log.level);
  let stopping = false;
  let current = new AbortController();
  const onStop = () => {
    stopping = true;
    current.abort();
    // Sockets to a frozen peer would keep the process alive past the stop; the claims they hold lapse and are requeued.
    setTimeout(() => {
      log.warn({ deadlineMs: LIMITS.shutdownDeadlineMs }, 'stop deadline reached with work still in flight; exiting, unconfirmed mail stays queued');
      process.exit(0);
    }, LIMITS.shutdownDeadlineMs).unref();
  };
  const onReload = () => {
    try {
      // The templates too: the restarted jobs would otherwise stop on one the old daemon never read.
      const config = cliConfig(cmd);
      loadTemplatesOrThrow(config.templates.dir, config.policy.languages);
    } catch (e) {
      log.error(describeFailure(e), 'config reload refused; the daemon keeps the config it runs with');
      return;
    }
    log.info('config reload: restarting the jobs with the new config');
    current.abort();
  };
  process.once('SIGTERM', onStop);
  process.once('SIGINT', onStop);
  process.on('SIGHUP', onReload);
  try {
    while (!stopping) {
      current = new AbortController();
      await withRuntime(cmd, (rt) => runDaemon(rt, current.signal), { daemon: true, bulk: true });
    }
  } finally {
    process.off('SIGHUP', onReload);
  }
  // The database is closed; a send the grace gave up on must not hold the process open until its socket times out.
  process.exit(0);
}

function summarize(outcomes: string[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing new';
}
