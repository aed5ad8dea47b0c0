/** @module The extraction fields, in order: extraction, the JSON view, the acknowledgement's "please send us" list and the corpus bench all iterate this list. */
import type { ExtractIssue, Field } from '../types.js';
import { affectedVersions } from './affected-versions.js';
import { creditWanted } from './credit-wanted.js';
import { cves } from './cves.js';
import { cvss } from './cvss.js';
import { cwe } from './cwe.js';
import { exploitedInTheWild } from './exploited-in-the-wild.js';
import { impact } from './impact.js';
import { language } from './language.js';
import { poc } from './poc.js';
import { product } from './product.js';
import { reportedToMitre } from './reported-to-mitre.js';
import { reporterDisclosure } from './reporter-disclosure.js';
import { reporterScore } from './reporter-score.js';
import { reporter } from './reporter.js';
import { specialConfiguration } from './special-configuration.js';
import { steps } from './steps.js';
import { summary } from './summary.js';
import { title } from './title.js';
import type { FieldBase } from './types.js';
import { versionSupported } from './version-supported.js';
import { vulnerabilityType } from './vulnerability-type.js';

/**
 * The order is the order of `extract()` output, of the fields in `reports show --json`, of the acknowledgement's
 * "please send us" list and of the bench table. A field reads the fields it builds on through `ctx.field`, so the
 * order never decides what is computed first.
 */
export const FIELDS = [
  title, summary, vulnerabilityType, cwe, specialConfiguration, steps, poc, impact, product, affectedVersions, versionSupported,
  cvss, reporterScore, cves, reportedToMitre, exploitedInTheWild, reporter, creditWanted, language, reporterDisclosure,
] as const;

type Def = (typeof FIELDS)[number];
export type FieldKey = Def['key'];
type ValueOf<D> = D extends FieldBase<string, infer T, infer _L, infer _J> ? T : never;
type LabelOf<D> = D extends FieldBase<string, infer _T, infer L, infer _J> ? L : never;

/** Each field's value type, by key. */
export type FieldValues = { [D in Def as D['key']]: ValueOf<D> };
/** The fields the seeds' policies ask reporters for. */
export type AskedField = Extract<Def, { askLabel: string }>['key'];

export type Extraction = { [K in FieldKey]: Field<FieldValues[K]> } & {
  /** Asked fields the report lacks, in list order; the acknowledgement asks for them. */
  missing: AskedField[];
  issues: ExtractIssue[];
};

/** The corpus labels of the fields the bench scores (test/corpus/NNN-*.json `expected`). */
export type Labels = { [D in Def as [LabelOf<D>] extends [never] ? never : D['key']]: LabelOf<D> };
export type ScoredField = keyof Labels;

export const ASKED_FIELDS = FIELDS.flatMap((f) => (f.askLabel === null ? [] : [f.key])) as AskedField[];

/** The words the acknowledgement asks for a missing field with; null for a key that is not an asked field. */
export function askLabel(key: string): string | null {
  return FIELDS.find((f) => f.key === key)?.askLabel ?? null;
}
