/** @module The CVSS score the reporter wrote next to (or instead of) a vector; never used as the score. */
import { cvssFinding } from './cvss.js';
import { asIs, type FieldDef } from './types.js';

export const reporterScore: FieldDef<'reporterScore', number | null> = {
  key: 'reporterScore',
  extract: (ctx) => ctx.once(cvssFinding).reporterScore,
  askLabel: null,
  toJson: asIs,
  score: null,
};
