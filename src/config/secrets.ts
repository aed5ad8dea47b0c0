/** @module Reads passwords and passphrases from files (or systemd credentials), never from the config text. */
import { readFileSync } from 'node:fs';
import { SecintakeError } from '../errors.js';

/** The file's content without its trailing newline, as `echo secret > file` writes it. */
export function readSecretFile(path: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SecintakeError('E_SECRET_FILE', `cannot read the ${what} file ${path}`, {
      cause: e,
      hint: 'create it (mode 0600) with the secret on one line, or point the *_file key at a systemd credential',
    });
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret.length === 0) {
    throw new SecintakeError('E_SECRET_FILE', `the ${what} file ${path} is empty`, { hint: 'write the secret into it on one line' });
  }
  return secret;
}
