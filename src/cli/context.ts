/** @module What every command needs: the config named by --config/$SECINTAKE_CONFIG, the runtime or the desk, JSON output. */
import type { Command } from 'commander';
import { configPath, loadConfig, type Config, type ReadOptions } from '../config/load.js';
import type { Desk } from '../desk.js';
import type { Runtime } from '../runtime.js';
import { escapeForTerminal, jsonForTerminal } from './escape.js';

export function cliConfig(cmd: Command, opts: ReadOptions = {}): Config {
  return loadConfig(configPath(cmd.optsWithGlobals<{ config?: string }>().config), opts);
}

/**
 * Opens the runtime, runs fn, and always closes the database. Logs go to stderr (src/log.ts) for every command.
 * `bulk`: the command processes mail in bulk (the daemon, `run --once`, `ingest` of several files), so the team keys
 * go to a crypto worker per core; one message is quicker without starting them.
 */
export async function withRuntime<T>(cmd: Command, fn: (rt: Runtime) => Promise<T>, opts: { daemon?: boolean; bulk?: boolean } = {}): Promise<T> {
  const config = cliConfig(cmd);
  const [{ defaultCryptoWorkers, openRuntime }, { createLogger }] = await Promise.all([import('../runtime.js'), import('../log.js')]);
  // One-shot commands speak through their output; their log stays quiet unless asked to be verbose.
  const level = opts.daemon !== true && config.log.level === 'info' ? 'warn' : config.log.level;
  const rt = await openRuntime(config, createLogger(level), undefined, { cryptoWorkers: opts.bulk ? defaultCryptoWorkers() : 0 });
  try {
    return await fn(rt);
  } finally {
    rt.close();
  }
}

/**
 * Opens only the read side (src/desk.ts: no keys, no workers, no mail libraries, no logger: nothing on it logs, and
 * pino with its stream modules is ~15 ms of a listing's start), runs fn, and always closes the database: for commands
 * that read the record and send nothing.
 */
export async function withDesk<T>(cmd: Command, fn: (desk: Desk) => Promise<T> | T): Promise<T> {
  // The calendar's codes are checked when desk.calendar() builds it, the only time a desk command counts business days.
  const config = cliConfig(cmd, { calendars: false });
  const { openDesk } = await import('../desk.js');
  const desk = openDesk(config);
  try {
    return await fn(desk);
  } finally {
    desk.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${jsonForTerminal(value)}\n`);
}

/** A plain-text table for people (every cell escaped for the terminal); `--json` is for tools. */
export function printTable(headers: string[], rows: (string | number | null)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '-' : escapeForTerminal(String(c)))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  for (const r of cells) process.stdout.write(`${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')}\n`);
}
