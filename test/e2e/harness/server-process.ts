/**
 * @module A test server's master process, as both server harnesses run it: spawned as the leader of its own process
 * group (stderr to a file, killed if the test process exits), waited for until it answers, stopped with every
 * process of its group, and its first start retried on new ports when another program took one meanwhile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { groupMembers, killGroup, sleep } from './process-group.js';

/** What each test server offers besides its protocol: its directory, stop and start, logs and processes. */
export interface TestServer {
  /** The instance's temp dir: config, data, logs. */
  dir: string;
  host: '127.0.0.1';
  /** Stops every process of the server; resolves when none is left and its ports refuse connections. Its data stays. */
  stop(): Promise<void>;
  /** Starts again on the same ports with the same data (no-op when running). */
  start(): Promise<void>;
  /** `stop()` and remove the temp dir. */
  cleanup(): Promise<void>;
  /** Last lines of the server's log (and of its master's stderr), for failing-test diagnostics. */
  logTail(lines?: number): string;
  /** Whether the master process is running. */
  readonly running: boolean;
  /**
   * PIDs of the live (non-zombie) processes of the running server, master first, e.g. to freeze it with
   * SIGSTOP/SIGCONT. Empty when stopped. Processes forked later are not included.
   */
  pids(): number[];
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Master {
  proc: ChildProcess;
  /** The master's exit once it happened, else null. */
  exited(): Exit | null;
  /** Resolves when the program could not be run at all. */
  spawnError: Promise<Error>;
}

/** Masters whose processes may still run, killed synchronously if the test process exits without cleanup. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) killGroup(child.pid, 'SIGKILL');
  });
}

/**
 * detached: its own session and process group, whose id is the master's pid, so a stop can signal every process
 * the server forked. `onExit` runs when the master exits, whoever ended it.
 */
export function spawnMaster(command: string, args: string[], opts: { cwd: string; stderrFile: string; env: NodeJS.ProcessEnv; onExit(proc: ChildProcess): void }): Master {
  installExitHook();
  const errFd = openSync(opts.stderrFile, 'a');
  let proc: ChildProcess;
  try {
    proc = spawn(command, args, { cwd: opts.cwd, detached: true, stdio: ['ignore', errFd, errFd], env: opts.env });
  } finally {
    closeSync(errFd);
  }
  let exit: Exit | null = null;
  proc.once('exit', (code, signal) => {
    exit = { code, signal };
    live.delete(proc);
    opts.onExit(proc);
  });
  const spawnError = new Promise<Error>((resolve) => proc.once('error', resolve));
  live.add(proc);
  return { proc, exited: () => exit, spawnError };
}

export interface ListenWatch {
  timeoutMs: number;
  /** Polled until it says the server answers. */
  ready(): Promise<boolean>;
  exitedDuringStart(exit: Exit): Error;
  /** Stops what started and says why the start failed. */
  timedOut(): Promise<Error>;
}

export async function waitUntilListening(master: Master, command: string, watch: ListenWatch): Promise<void> {
  const deadline = Date.now() + watch.timeoutMs;
  for (;;) {
    const failed = await Promise.race([master.spawnError, sleep(0).then(() => null)]);
    if (failed) throw new Error(`cannot run ${command}: ${failed.message}`);
    const exit = master.exited();
    if (exit) throw watch.exitedDuringStart(exit);
    if (await watch.ready()) return;
    if (Date.now() > deadline) throw await watch.timedOut();
    await sleep(15);
  }
}

export interface GroupStop {
  /** After this time the stop fails, naming the survivors. */
  deadline: number;
  /** SIGKILL the group this long after the master exited, rather than wait for the rest (see the Postfix harness). */
  killStragglersAfterMs?: number;
  survived(pgid: number): Error;
}

/**
 * SIGTERM to the whole group at once (and SIGCONT, in case a test froze it with SIGSTOP): signalling only the master
 * works too, but then masters wait for their children and sleep fixed seconds. A process forked just as the signal
 * went out misses it, so it is repeated every 100 ms, and SIGKILL follows after 3 s. Resolves when the master has
 * exited and no live process of its group is left; zombies do not count (children re-parented to PID 1 may be reaped
 * only much later in containers).
 */
export async function stopGroup(proc: ChildProcess, stop: GroupStop): Promise<void> {
  if (proc.pid === undefined) return;
  const pgid = proc.pid;
  killGroup(pgid, 'SIGTERM');
  killGroup(pgid, 'SIGCONT');
  const started = Date.now();
  let lastSignal = started;
  let masterGoneAt = 0;
  let killed = false;
  while (groupMembers(pgid).length > 0 || (proc.exitCode === null && proc.signalCode === null)) {
    const now = Date.now();
    const masterGone = proc.exitCode !== null || proc.signalCode !== null;
    if (masterGone && masterGoneAt === 0) masterGoneAt = now;
    const straggling = masterGone && stop.killStragglersAfterMs !== undefined && now - masterGoneAt > stop.killStragglersAfterMs;
    if (!killed && (straggling || now - started > 3_000)) {
      killGroup(pgid, 'SIGKILL');
      killed = true;
    } else if (!killed && now - lastSignal >= 100) {
      killGroup(pgid, 'SIGTERM');
      lastSignal = now;
    }
    if (now > stop.deadline) throw stop.survived(pgid);
    await sleep(10);
  }
  live.delete(proc);
}

/**
 * The first start: `attempt(n)` picks free ports, writes the config and launches. When another program took a port
 * between the pick and the bind ("Address already in use"), it is tried again with new ones, up to 5 times; any
 * other failure ends the tries. `halt` stops whatever a failed attempt left running.
 */
export async function startOnFreePorts(attempt: (n: number) => Promise<void>, halt: () => Promise<void>): Promise<void> {
  let lastError: unknown = null;
  for (let n = 0; n < 5; n++) {
    try {
      await attempt(n);
      return;
    } catch (err) {
      lastError = err;
      await halt().catch(() => {});
      if (!/Address already in use/i.test(String(err instanceof Error ? err.message : err))) break;
    }
  }
  throw lastError;
}

/** A test server's `cleanup()`: stop it, and remove its directory even when the stop failed. */
export async function stopAndRemove(halt: () => Promise<void>, dir: string): Promise<void> {
  try {
    await halt();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A test server's `pids()`: the live processes of the running master's group, none when it is stopped. */
export function masterGroup(master: ChildProcess | null): number[] {
  const pgid = master?.pid;
  return pgid === undefined ? [] : groupMembers(pgid);
}

/** The last `lines` non-empty lines of the master's stderr and of the server's log, for failing-test diagnostics. */
export function logTails(label: string, files: { stderr: string; log: string }, lines: number): string {
  const err = tail(files.stderr, lines);
  const log = tail(files.log, lines);
  return [err && `--- ${label} stderr ---\n${err}`, log && `--- ${files.log} ---\n${log}`].filter(Boolean).join('\n') || `(${label} log empty)`;
}

function tail(file: string, lines: number): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').slice(-lines).join('\n');
}
