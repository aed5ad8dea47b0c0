/** @module The `reports show --json` / `reports list --json` objects (ARCHITECTURE.md "Contracts"), built in one place. */
import type { ReportListing, ReportRecord } from '../db/reports.js';
import { FIELDS } from '../intake/extract/fields/index.js';
import { reporter } from '../intake/extract/fields/reporter.js';
import { title } from '../intake/extract/fields/title.js';
import { vulnerabilityType } from '../intake/extract/fields/vulnerability-type.js';
import type { Extraction, FieldValues } from '../intake/extract/index.js';
import { nextDeadline } from '../policy/next-deadline.js';
import type { AttachmentInfo } from './types.js';

type Def = (typeof FIELDS)[number];
/** Each field as its module's `toJson` shows it. */
type FieldsJson = { [D in Def as D['key']]: ReturnType<D['toJson']> };

const extraction = (r: ReportListing) => r.fields as Partial<Extraction> | null;

/** A field's stored value, or null when the report predates extraction (or the field). */
function stored<K extends keyof FieldValues>(r: ReportListing, key: K): FieldValues[K] | null {
  return (extraction(r)?.[key]?.value ?? null) as FieldValues[K] | null;
}

function fieldJson<D extends Def>(r: ReportListing, def: D): ReturnType<D['toJson']> {
  return (def.toJson as (value: unknown, report: ReportListing) => ReturnType<D['toJson']>)(stored(r, def.key), r);
}

function fieldsJson(r: ReportListing): FieldsJson {
  return Object.fromEntries(FIELDS.map((f) => [f.key, fieldJson(r, f)])) as FieldsJson;
}

export function reportSummaryJson(r: ReportListing) {
  return {
    ref: r.ref,
    status: r.status,
    receivedAt: r.receivedAt,
    title: fieldJson(r, title),
    reporter: fieldJson(r, reporter),
    vulnerabilityType: fieldJson(r, vulnerabilityType),
    severity: stored(r, 'cvss')?.severity ?? null,
    flags: r.flags,
    encryption: encryptionJson(r),
    signature: r.signature,
    /** Extensions for the team desk (README "For the security team"): who has it, and what is due next. */
    assignee: r.assignee,
    nextDeadline: nextDeadline(r.status, r.deadlines),
  };
}

export function reportJson(r: ReportRecord, attachments: AttachmentInfo[]) {
  const x = extraction(r);
  return {
    ...reportSummaryJson(r),
    subject: r.subject,
    // The summary's fields are set again with the same values; their keys keep the summary's places.
    ...fieldsJson(r),
    attachments: attachments.map((a) => ({ name: a.name, sha256: a.sha256, size: a.size, contentType: a.contentType, encrypted: a.encrypted })),
    missing: x?.missing ?? null,
    deadlines: {
      triage: r.deadlines?.triage ?? null,
      resolve: r.deadlines?.resolve ?? null,
      disclosure: r.deadlines?.disclosure ?? null,
      nextUpdate: r.deadlines?.nextUpdate ?? null,
    },
    /** Extension: how sure extraction is of each field (0..1), and what it noticed (e.g. a CVSS score that does not match its vector). */
    confidence: x ? Object.fromEntries(Object.entries(x).filter(([, v]) => typeof v === 'object' && v !== null && 'confidence' in v).map(([k, v]) => [k, (v as { confidence: number }).confidence])) : null,
    extractionIssues: x?.issues ?? [],
    /** What arrived outside the decryption (or outside every good signature): shown to the team, never part of the report (README "Security model"). */
    unencryptedParts: r.unencryptedParts.map((p) => ({ kind: p.kind, name: p.name, contentType: p.contentType, size: p.size, sha256: p.sha256, encrypted: p.encrypted, signed: p.signed, text: p.text })),
    text: r.bodyText,
  };
}

/**
 * `coverage` is null for rows recorded before coverage was tracked: guessing `encrypted ? 'full' : 'none'` would call
 * an old partially encrypted report fully encrypted.
 */
function encryptionJson(r: ReportListing) {
  const { encrypted, keyFingerprint, keyStatus, coverage } = r.encryption;
  return { encrypted, keyFingerprint, keyStatus, coverage: coverage ?? null };
}

export type ReportJson = ReturnType<typeof reportJson>;
export type ReportSummaryJson = ReturnType<typeof reportSummaryJson>;
