/** @module The ordered list of migrations; append only, never edit one that has shipped. */
import initial from './001_initial.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'initial', sql: initial }];
