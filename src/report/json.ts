/** @module The `reports show --json` / `reports list --json` objects (DESIGN.md "CLI"), built in one place. */
import type { ReportRecord } from '../db/reports.js';
import type { AttachmentInfo } from './types.js';

/** Fields extraction fills later; until then they are null, as the contract says. */
interface ExtractedFields {
  title: string | null;
  product: string | null;
  affectedVersions: string[] | null;
  versionSupported: boolean | null;
  vulnerabilityType: string | null;
  cwe: string[] | null;
  cvss: { version: string; vector: string; score: number; severity: string } | null;
  cves: string[] | null;
  exploitedInTheWild: boolean | null;
  language: string | null;
  steps: string | null;
  poc: string | null;
  impact: string | null;
  missing: string[] | null;
  reporterDisclosure: string | null;
  contact: string | null;
}

const field = <K extends keyof ExtractedFields>(r: ReportRecord, k: K): ExtractedFields[K] | null =>
  ((r.fields as Partial<ExtractedFields> | null)?.[k] ?? null) as ExtractedFields[K] | null;

export function reportSummaryJson(r: ReportRecord) {
  return {
    ref: r.ref,
    status: r.status,
    receivedAt: r.receivedAt,
    title: field(r, 'title') ?? r.subject,
    reporter: { name: r.reporterName, email: r.reporterEmail, contact: field(r, 'contact') },
    vulnerabilityType: field(r, 'vulnerabilityType'),
    severity: field(r, 'cvss')?.severity ?? null,
    flags: r.flags,
    encryption: r.encryption,
    signature: r.signature,
  };
}

export function reportJson(r: ReportRecord, attachments: AttachmentInfo[]) {
  return {
    ...reportSummaryJson(r),
    subject: r.subject,
    product: field(r, 'product'),
    affectedVersions: field(r, 'affectedVersions'),
    versionSupported: field(r, 'versionSupported'),
    cwe: field(r, 'cwe'),
    cvss: field(r, 'cvss'),
    cves: field(r, 'cves'),
    exploitedInTheWild: field(r, 'exploitedInTheWild'),
    language: field(r, 'language'),
    steps: field(r, 'steps'),
    poc: field(r, 'poc'),
    impact: field(r, 'impact'),
    attachments: attachments.map((a) => ({ name: a.name, sha256: a.sha256, size: a.size, contentType: a.contentType, encrypted: a.encrypted })),
    missing: field(r, 'missing'),
    reporterDisclosure: field(r, 'reporterDisclosure'),
    deadlines: {
      triage: r.deadlines?.triage ?? null,
      resolve: r.deadlines?.resolve ?? null,
      disclosure: r.deadlines?.disclosure ?? null,
      nextUpdate: r.deadlines?.nextUpdate ?? null,
    },
    text: r.bodyText,
  };
}

export type ReportJson = ReturnType<typeof reportJson>;
export type ReportSummaryJson = ReturnType<typeof reportSummaryJson>;
