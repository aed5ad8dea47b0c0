/** @module CVSS: the first valid v3.x / v4.0 vector, scored from its metrics; a stated score that differs is an issue. */
import { findCvss } from '../cvss.js';
import type { Cvss } from '../types.js';
import { asIs, type ExtractContext, type FieldDef } from './types.js';

/** One pass finds the vector, the score the reporter wrote and the issues; the reporterScore field shares it. */
export const cvssFinding = (ctx: ExtractContext) => findCvss(ctx.body.text);

interface CvssLabel {
  version: string;
  vector: string;
  score: number;
  severity: string;
}
const vectorKey = (v: string) => v.replace(/\s+/g, '').toUpperCase();

export const cvss: FieldDef<'cvss', Cvss | null, CvssLabel | null> = {
  key: 'cvss',
  extract: (ctx) => ctx.once(cvssFinding).cvss,
  issues: (ctx) => ctx.once(cvssFinding).issues,
  askLabel: null,
  toJson: asIs,
  score: {
    threshold: 0.9,
    correct: (actual, label) =>
      label === null
        ? actual === null
        : actual !== null && actual.version === label.version && vectorKey(actual.vector) === vectorKey(label.vector) && actual.score === label.score && actual.severity === label.severity,
    labelled: (label) => label !== null,
    extracted: (actual) => actual !== null,
  },
};
