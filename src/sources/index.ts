/** @module Builds the configured sources: one adapter per `source` entry, each named for its cursor. */
import type { Logger } from 'pino';
import type { SourceConfig } from '../config/schema.js';
import { readSecretFile } from '../config/secrets.js';
import { SecintakeError } from '../errors.js';
import { createImapSource } from './imap.js';
import { createMaildirSource } from './maildir.js';
import type { CursorStore, Source } from './types.js';

export type { CaptureRequest, CaptureSink, CursorStore, Source } from './types.js';

export interface SourceDeps {
  cursors: CursorStore;
  log: Logger;
  clock: () => Date;
  /** Reads a secret named by the config (a systemd credential); replaced in tests. */
  readSecret?: (file: string, key: string) => string;
}

export function createSources(config: { source: readonly SourceConfig[] }, deps: SourceDeps): Source[] {
  const readSecret = deps.readSecret ?? readSecretFile;
  const sources = config.source.map((s) =>
    s.imap
      ? createImapSource({ config: s.imap, password: readSecret(s.imap.password_file, 'source.imap.password_file'), cursors: deps.cursors, log: deps.log, clock: deps.clock })
      : createMaildirSource(s.maildir.path),
  );
  const names = sources.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) {
    // Two entries for one mailbox would share a cursor and race each other for the same mail.
    throw new SecintakeError('E_CONFIG_INVALID', `the config lists the source ${twice} twice`, { hint: 'remove the duplicate entry under `source`' });
  }
  return sources;
}
