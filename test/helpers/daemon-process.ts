/** @module The daemon as a real process (`bin/secintake.js run`): its log, a wait for its own words, its exit code. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface DaemonProcess {
  child: ChildProcessWithoutNullStreams;
  log(): string;
  /** Resolves once the log holds `text`. */
  said(text: string): Promise<void>;
  exit: Promise<number | null>;
}

const live = new Set<ChildProcessWithoutNullStreams>();

/** `env` is added to this process's environment (e.g. `SECINTAKE_FAILPOINT`). */
export function startDaemon(configFile: string, env: Record<string, string> = {}): DaemonProcess {
  const child = spawn(process.execPath, ['bin/secintake.js', '--config', configFile, 'run'], { env: { ...process.env, ...env } });
  live.add(child);
  let log = '';
  const waiters: { text: string; done(): void }[] = [];
  const check = () => {
    for (const w of waiters.filter((w) => log.includes(w.text))) (waiters.splice(waiters.indexOf(w), 1), w.done());
  };
  child.stderr.on('data', (d: Buffer) => ((log += d.toString()), check()));
  return {
    child,
    log: () => log,
    said: (text) => new Promise<void>((done) => (waiters.push({ text, done }), check())),
    exit: new Promise((done) => child.on('exit', (code) => (live.delete(child), done(code)))),
  };
}

/** For afterEach: a daemon a failed test left running must not hold its database or ports into the next test. */
export function killDaemons(): void {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  live.clear();
}
