/** @module Who reported: name or alias, email and another contact; the creditWanted field shares the same reading. */
import { findReporter } from '../reporter.js';
import type { Reporter } from '../types.js';
import type { AskedFieldDef, ExtractContext } from './types.js';

/** Only a section titled for credit asks for it; "Reporter:" or "Contact:" just names someone. */
const CREDIT_HEADING = /credit|crédit|acknowledg|attribution|remerciement|hall of fame/i;

/** One reading of signature, stated name, From header and credit wording yields both reporter and creditWanted. */
export function reporterFinding(ctx: ExtractContext) {
  const creditSections = ctx.declared('credit').filter((s) => CREDIT_HEADING.test(s.heading));
  return findReporter(ctx.body.text, ctx.body.lines, ctx.input.from, ctx.scanEnd, creditSections.map((s) => s.text), ctx.trigrams);
}

const nameKey = (s: string | null) => (s === null ? null : s.replace(/\s+/g, ' ').trim().toLowerCase());

export const reporter: AskedFieldDef<'reporter', Reporter, { name: string | null; email: string | null }, Reporter> = {
  key: 'reporter',
  extract: (ctx) => ctx.once(reporterFinding).reporter,
  askLabel: 'the name or alias to credit, and how to reach you',
  // An address alone does not say how to credit the reporter: the policies ask for a name or alias.
  isMissing: (value) => value.name === null,
  // The address the mail came from is on record even for reports stored before extraction ran.
  toJson: (value, report) => ({ name: value?.name ?? report.reporterName, email: report.reporterEmail ?? value?.email ?? null, contact: value?.contact ?? null }),
  score: {
    threshold: 0.9,
    correct: (actual, label) => nameKey(actual.name) === nameKey(label.name) && (actual.email?.toLowerCase() ?? null) === (label.email?.toLowerCase() ?? null),
    labelled: (label) => label.name !== null || label.email !== null,
    extracted: (actual) => actual.name !== null || actual.email !== null,
    shown: (actual) => ({ name: actual.name, email: actual.email }),
  },
};
