/** @module Files that hold decrypted reports, keys or secrets: created 0600 (directories 0700) whatever the umask, and checked for exposure. */
import { chmodSync, closeSync, fchmodSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates `dir` (and its parents) 0700. A directory that already exists keeps its mode: ops may have chosen it; `config check` reports it. */
export function makePrivateDir(dir: string): void {
  // mkdir's mode passes through the umask; an explicit chmod makes it exact for the directory we created.
  if (mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE }) !== undefined) chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Writes `data` to `path` as a 0600 file. The open mode alone is not enough: it passes through the umask, and a file
 * that exists already (an older copy, a crashed temporary file) keeps its old mode; fchmod on the open descriptor fixes both.
 */
export function writePrivateFile(path: string, data: string | Uint8Array, flag: 'w' | 'wx' = 'w'): void {
  const fd = openSync(path, flag, PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
    writeFileSync(fd, data);
  } finally {
    closeSync(fd);
  }
}

/** Sets an existing file (one another library created, e.g. SQLite's -wal) to 0600. */
export function makePrivate(path: string): void {
  chmodSync(path, PRIVATE_FILE_MODE);
}

/** Why `path` is open to other users (group or others may read or write it), with the chmod that fixes it; null when private or missing. */
export function exposureWarning(path: string): string | null {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    return null;
  }
  const mode = st.mode & 0o777;
  if ((mode & 0o077) === 0) return null;
  const fix = st.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
  const access = [(mode & 0o044) !== 0 ? 'readable' : null, (mode & 0o022) !== 0 ? 'writable' : null].filter(Boolean).join(' and ') || (st.isDirectory() ? 'searchable' : 'executable');
  return `${path} is ${access} by other users (mode ${mode.toString(8).padStart(4, '0')}); run chmod ${fix.toString(8)} ${path}`;
}
