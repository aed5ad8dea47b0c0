/** @module The `reports show --json` / `reports list --json` objects (DESIGN.md "CLI"), built in one place. */
import type { ReportRecord } from '../db/reports.js';
import type { Extraction } from '../intake/extract/index.js';
import { nextDeadline } from '../policy/next-deadline.js';
import type { AttachmentInfo } from './types.js';

type Fields = Omit<Extraction, 'missing' | 'issues'>;

/** A field's extracted value, or null when the report predates extraction or nothing was found. */
function field<K extends keyof Fields>(r: ReportRecord, k: K): Fields[K]['value'] | null {
  const x = r.fields as Partial<Fields> | null;
  return (x?.[k]?.value ?? null) as Fields[K]['value'] | null;
}

const extraction = (r: ReportRecord) => r.fields as Partial<Extraction> | null;

export function reportSummaryJson(r: ReportRecord) {
  const reporter = field(r, 'reporter');
  return {
    ref: r.ref,
    status: r.status,
    receivedAt: r.receivedAt,
    title: field(r, 'title') ?? r.subject,
    reporter: { name: reporter?.name ?? r.reporterName, email: r.reporterEmail ?? reporter?.email ?? null, contact: reporter?.contact ?? null },
    vulnerabilityType: field(r, 'vulnerabilityType'),
    severity: field(r, 'cvss')?.severity ?? null,
    flags: r.flags,
    encryption: r.encryption,
    signature: r.signature,
    /** Extensions for the team desk (DESIGN.md "Team desk"): who has it, and what is due next. */
    assignee: r.assignee,
    nextDeadline: nextDeadline(r.status, r.deadlines),
  };
}

export function reportJson(r: ReportRecord, attachments: AttachmentInfo[]) {
  const x = extraction(r);
  return {
    ...reportSummaryJson(r),
    subject: r.subject,
    summary: field(r, 'summary'),
    product: field(r, 'product'),
    affectedVersions: field(r, 'affectedVersions'),
    versionSupported: field(r, 'versionSupported'),
    cwe: field(r, 'cwe'),
    cvss: field(r, 'cvss'),
    reporterScore: field(r, 'reporterScore'),
    cves: field(r, 'cves'),
    reportedToMitre: field(r, 'reportedToMitre'),
    exploitedInTheWild: field(r, 'exploitedInTheWild'),
    creditWanted: field(r, 'creditWanted'),
    language: field(r, 'language'),
    specialConfiguration: field(r, 'specialConfiguration'),
    steps: field(r, 'steps'),
    poc: field(r, 'poc'),
    impact: field(r, 'impact'),
    attachments: attachments.map((a) => ({ name: a.name, sha256: a.sha256, size: a.size, contentType: a.contentType, encrypted: a.encrypted })),
    missing: x?.missing ?? null,
    reporterDisclosure: field(r, 'reporterDisclosure'),
    deadlines: {
      triage: r.deadlines?.triage ?? null,
      resolve: r.deadlines?.resolve ?? null,
      disclosure: r.deadlines?.disclosure ?? null,
      nextUpdate: r.deadlines?.nextUpdate ?? null,
    },
    /** Extension: how sure extraction is of each field (0..1), and what it noticed (e.g. a CVSS score that does not match its vector). */
    confidence: x ? Object.fromEntries(Object.entries(x).filter(([, v]) => typeof v === 'object' && v !== null && 'confidence' in v).map(([k, v]) => [k, (v as { confidence: number }).confidence])) : null,
    extractionIssues: x?.issues ?? [],
    text: r.bodyText,
  };
}

export type ReportJson = ReturnType<typeof reportJson>;
export type ReportSummaryJson = ReturnType<typeof reportSummaryJson>;
