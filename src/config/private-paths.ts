/** @module Which files and directories of a config hold reports, keys or secrets, and which of those other users can open (`config check`). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { exposureWarning } from '../private-files.js';
import type { Config } from './load.js';

/** Every private path of the config that exists and is readable or writable by group or others, as "key: why; run chmod …" lines. */
export function privatePathWarnings(c: Config): string[] {
  // The named keys first: a passphrase file inside keys.dir is reported once, under its own key.
  const checks: [string | undefined, string][] = [
    [c.database, 'database'],
    [`${c.database}-wal`, 'database'],
    [`${c.database}-shm`, 'database'],
    [c.keys.passphrase_file, 'keys.passphrase_file'],
    ...c.source.map((s): [string | undefined, string] => [s.imap?.password_file, 'source.imap.password_file']),
    [c.transport.smtp?.password_file, 'transport.smtp.password_file'],
    [c.keys.dir, 'keys.dir'],
    ...filesIn(c.keys.dir).map((f): [string, string] => [f, 'keys.dir']),
    [c.transport.outbox_dir, 'transport.outbox_dir'],
  ];
  const byPath = new Map<string, string>();
  for (const [path, key] of checks) if (path && !byPath.has(path)) byPath.set(path, key);
  const warnings = [...byPath].flatMap(([path, key]) => {
    const w = exposureWarning(path);
    return w ? [`${key}: ${w}`] : [];
  });
  return [...warnings, ...outboxWarning(c.transport.outbox_dir)];
}

/** An outbox can hold thousands of mails: one line for all of them, not one per file. */
function outboxWarning(dir: string | undefined): string[] {
  if (!dir) return [];
  const exposed = filesIn(dir).filter((f) => exposureWarning(f) !== null);
  return exposed.length === 0 ? [] : [`transport.outbox_dir: ${exposed.length} file(s) in ${dir} are open to other users; run chmod 600 ${join(dir, '*')}`];
}

function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(dir, e.name));
  } catch {
    return [];
  }
}
