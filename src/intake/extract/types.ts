/** @module Types of the extraction stage: its input, its per-field output with confidences, and its issues. */

export interface ExtractInput {
  subject: string | null;
  text: string;
  html?: string | null;
  from: { name: string | null; address: string } | null;
  attachments: { name: string; contentType: string; size: number }[];
  /** Resolves relative dates ("90 days from today"); extraction never reads the clock. An invalid Date leaves them unresolved. */
  receivedAt: Date;
}

export interface ExtractPolicy {
  /** Product name (as configured) → supported semver ranges, e.g. `{ "acme-server": ["3.x", "2.2.x"] }`. */
  supportedVersions: Record<string, string[]>;
}

/**
 * One extracted field. `confidence` is 0..1 (0: nothing found, the value is a default);
 * `span` is `[start, end)` in the analysed body (see `analysedText`), null when the value came from elsewhere.
 */
export interface Field<T> {
  value: T;
  confidence: number;
  span?: [number, number] | null;
}

export const VULNERABILITY_TYPES = [
  'xss', 'sqli', 'rce', 'ssrf', 'xxe', 'csrf', 'idor', 'auth-bypass', 'path-traversal', 'open-redirect',
  'deserialization', 'buffer-overflow', 'dos', 'info-disclosure', 'privilege-escalation', 'other',
] as const;
export type VulnerabilityType = (typeof VULNERABILITY_TYPES)[number];

export type Severity = 'none' | 'low' | 'medium' | 'high' | 'critical';

export interface Cvss {
  version: '3.0' | '3.1' | '4.0';
  vector: string;
  /** Computed from the vector, never taken from the report. */
  score: number;
  severity: Severity;
}

export interface Reporter {
  name: string | null;
  email: string | null;
  /** Another way to reach the reporter (second address, handle, Signal, web page), as written. */
  contact: string | null;
}

export type Language = 'en' | 'fr';

/** What the seeds' policies ask reporters for; the acknowledgement asks again for what is missing. */
export const ASKED_FIELDS = [
  'vulnerabilityType', 'specialConfiguration', 'steps', 'poc', 'impact', 'product', 'affectedVersions', 'reportedToMitre', 'reporter',
] as const;
export type AskedField = (typeof ASKED_FIELDS)[number];

export type ExtractIssue =
  | { code: 'cvss-score-mismatch'; message: string; stated: number; computed: number }
  | { code: 'cvss-invalid-vector'; message: string; vector: string };

export interface Extraction {
  title: Field<string | null>;
  summary: Field<string | null>;
  product: Field<string | null>;
  /** Normalised as in test/corpus/README.md: `3.2.1`, `<3.2.1`, `<=2.2.4`, `>=3.0.0`, `3.x`, `>=2.0.0 <2.4.0`. */
  affectedVersions: Field<string[]>;
  /** true: some affected version is in a supported range; false: none is; null: no policy for the product or no versions. */
  versionSupported: Field<boolean | null>;
  /** null: no type recognised (asked for); `other`: a weakness outside the vocabulary was named. */
  vulnerabilityType: Field<VulnerabilityType | null>;
  cwe: Field<string[]>;
  specialConfiguration: Field<string | null>;
  steps: Field<string | null>;
  poc: Field<string | null>;
  impact: Field<string | null>;
  cvss: Field<Cvss | null>;
  /** A score the reporter wrote next to (or instead of) a vector. */
  reporterScore: Field<number | null>;
  cves: Field<string[]>;
  reportedToMitre: Field<boolean | null>;
  /** true only for clear wording; silence is false. */
  exploitedInTheWild: Field<boolean>;
  reporter: Field<Reporter>;
  creditWanted: Field<boolean | null>;
  language: Field<Language>;
  /** ISO date (YYYY-MM-DD) the reporter says they will publish on. */
  reporterDisclosure: Field<string | null>;
  missing: AskedField[];
  issues: ExtractIssue[];
}
