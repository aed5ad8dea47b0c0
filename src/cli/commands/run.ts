/** @module `secintake run [--once]`: the daemon, or one pass of capture + process. */
import { Command } from 'commander';
import { printJson, withRuntime } from '../context.js';

export function runCommand(_root: Command): Command {
  return new Command('run')
    .description('run the daemon (or one pass with --once)')
    .option('--once', 'one pass of capture + processing, then exit')
    .option('--json', 'with --once: print what happened to each message as JSON')
    .action(async (opts: { once?: boolean; json?: boolean }, cmd: Command) => {
      const { runDaemon, runOnce } = await import('../../daemon.js');
      await withRuntime(
        cmd,
        async (rt) => {
          if (opts.once) {
            const outcomes = await runOnce(rt);
            if (opts.json) printJson(outcomes);
            else process.stdout.write(`processed ${outcomes.length} message(s): ${summarize(outcomes.map((o) => o.outcome))}\n`);
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
