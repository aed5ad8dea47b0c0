/** @module The ordered list of migrations; append only, never edit one that has shipped. */
import initial from './001_initial.js';
import policy from './002_policy.js';
import desk from './003_desk.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'policy', sql: policy },
  { version: 3, name: 'desk', sql: desk },
];
