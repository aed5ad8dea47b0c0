/** @module The ordered list of migrations; append only, never edit one that has shipped. */
import initial from './001_initial.js';
import policy from './002_policy.js';
import opaqueCursors from './003_opaque_cursors.js';
import trust from './004_trust.js';
import desk from './005_desk.js';
import scale from './008_scale.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** The migration rebuilds a table others reference: run with foreign keys off, checked before the commit. */
  foreignKeysOff?: boolean;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'policy', sql: policy },
  { version: 3, name: 'opaque cursors', sql: opaqueCursors },
  { version: 4, name: 'trust', sql: trust, foreignKeysOff: true },
  { version: 5, name: 'desk', sql: desk },
  // 008: migrations 006 and 007 are being written in parallel; renumbered at merge if needed.
  { version: 8, name: 'scale', sql: scale },
];
