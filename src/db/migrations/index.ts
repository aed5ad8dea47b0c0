/** @module The ordered list of migrations; append only, never edit one that has shipped. */
import initial from './001_initial.js';
import policy from './002_policy.js';
import opaqueCursors from './003_opaque_cursors.js';
import trust from './004_trust.js';
import desk from './005_desk.js';
import digest from './006_digest.js';
import lease from './007_lease.js';
import scale from './008_scale.js';
import nextDue from './009_next_due.js';
import digestFacts from './010_digest_facts.js';
import rawApart from './011_raw_apart.js';
import digestSections from './012_digest_sections.js';
import bodiesApart from './013_bodies_apart.js';
import countIndex from './014_count_index.js';

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
  { version: 6, name: 'digest', sql: digest },
  { version: 7, name: 'lease', sql: lease },
  { version: 8, name: 'scale', sql: scale },
  { version: 9, name: 'next due', sql: nextDue },
  { version: 10, name: 'digest facts', sql: digestFacts },
  { version: 11, name: 'raw apart', sql: rawApart },
  { version: 12, name: 'digest sections', sql: digestSections },
  { version: 13, name: 'bodies apart', sql: bodiesApart },
  { version: 14, name: 'count index', sql: countIndex },
];
