/** @module CVE ids named anywhere in the subject or body (quotes excluded), upper-cased, deduplicated and sorted. */
import { LIMITS } from '../../../limits.js';
import { findCves } from '../signals.js';
import { bodySpan, withSubject } from './context.js';
import { setRule } from './score.js';
import { asIs, type FieldDef } from './types.js';

export const cves: FieldDef<'cves', string[], string[]> = {
  key: 'cves',
  extract(ctx) {
    const found = findCves(withSubject(ctx, ctx.body.text), LIMITS.extractMaxCves);
    return { ...found, span: bodySpan(ctx, found.span) };
  },
  askLabel: null,
  toJson: asIs,
  score: setRule(0.9),
};
