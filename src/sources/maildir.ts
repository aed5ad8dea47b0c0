/** @module Maildir source: captures every file in new/, then moves it to cur/ (the demo's and tests' mailbox). */
import { mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { sleep } from './sleep.js';
import type { CaptureSink, Source } from './types.js';

export const maildirSourceName = (path: string) => `maildir:${path}`;

/** No cursor: a file leaves new/ only after its capture committed, and its unique name makes a re-read a no-op. */
export function createMaildirSource(path: string): Source {
  const name = maildirSourceName(path);
  const runOnce = async (capture: CaptureSink) => pollMaildir(path, name, capture);
  return {
    name,
    runOnce,
    async run(signal, capture) {
      while (!signal.aborted) {
        pollMaildir(path, name, capture);
        await sleep(LIMITS.maildirPollMs, signal);
      }
    },
  };
}

/** Captures what is in new/; returns how many messages were new to the database. */
function pollMaildir(path: string, source: string, capture: CaptureSink): number {
  let names: string[];
  try {
    for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(path, sub), { recursive: true });
    names = readdirSync(join(path, 'new')).filter((n) => !n.startsWith('.')).sort();
  } catch (e) {
    throw new SecintakeError('E_MAILDIR', `cannot read the Maildir ${path}`, { cause: e, hint: 'check source.maildir.path and its permissions' });
  }
  let captured = 0;
  for (const name of names) {
    const file = join(path, 'new', name);
    let raw: Buffer;
    try {
      raw = readFileSync(file);
    } catch {
      continue; // taken by another reader between readdir and read
    }
    // The unique part of a Maildir name is everything before ':' (the info suffix).
    const unique = name.split(':')[0] as string;
    if (capture({ source, sourceRef: unique, raw }).inserted) captured++;
    // Moved only after the commit: a crash in between re-reads the file, and the unique sourceRef makes that a no-op.
    try {
      renameSync(file, join(path, 'cur', `${unique}:2,S`));
    } catch {
      // already moved by a concurrent reader
    }
  }
  return captured;
}
