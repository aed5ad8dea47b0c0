/** @module Maildir source: captures every file in new/, then moves it to cur/ (the demo's and tests' mailbox). */
import { mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { SecintakeError } from '../../errors.js';
import type { Capture } from '../../intake/capture.js';

export const maildirSourceName = (path: string) => `maildir:${path}`;

/** Captures what is in new/; returns how many messages were new to the database. */
export function pollMaildir(path: string, capture: Capture): number {
  for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(path, sub), { recursive: true });
  let names: string[];
  try {
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
    if (capture({ source: maildirSourceName(path), sourceRef: unique, raw }).inserted) captured++;
    // Moved only after the commit: a crash in between re-reads the file, and the unique sourceRef makes that a no-op.
    try {
      renameSync(file, join(path, 'cur', `${unique}:2,S`));
    } catch {
      // already moved by a concurrent reader
    }
  }
  return captured;
}
