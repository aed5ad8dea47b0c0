/** @module Whether the reporter wants credit: asking for it, or a credit section naming someone; asking for anonymity wins. */
import { reporterFinding } from './reporter.js';
import { equalRule } from './score.js';
import { asIs, type FieldDef } from './types.js';

export const creditWanted: FieldDef<'creditWanted', boolean | null, boolean | null> = {
  key: 'creditWanted',
  extract: (ctx) => ctx.once(reporterFinding).creditWanted,
  askLabel: null,
  toJson: asIs,
  score: equalRule<boolean>(),
};
