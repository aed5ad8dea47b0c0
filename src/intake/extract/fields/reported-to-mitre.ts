/** @module Whether the reporter says they reported it to MITRE or requested a CVE (EN + FR, refusals honoured). */
import { reportedToMitre as statedMitre } from '../signals.js';
import { equalRule } from './score.js';
import { asIs, type AskedFieldDef } from './types.js';

export const reportedToMitre: AskedFieldDef<'reportedToMitre', boolean | null, boolean | null> = {
  key: 'reportedToMitre',
  extract: (ctx) => statedMitre(ctx.scan, ctx.trigrams),
  askLabel: 'whether you reported it to MITRE or requested a CVE',
  isMissing: (value) => value === null,
  toJson: asIs,
  score: equalRule<boolean>(),
};
