/** @module Types of the extraction stage: its input, the value types fields share, a field with its confidence, and the issues it notices (the fields themselves are in fields/). */

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

export type ExtractIssue =
  | { code: 'cvss-score-mismatch'; message: string; stated: number; computed: number }
  | { code: 'cvss-invalid-vector'; message: string; vector: string };
