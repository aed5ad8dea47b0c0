/** @module OSV 1.7.4 (https://ossf.github.io/osv-schema/) from a report: one vulnerability entry, our reference in `database_specific`. Pure. */
import semver from 'semver';
import { advisoryFacts, type AdvisoryFacts } from './facts.js';
import type { ExportInput } from './types.js';
import type { AffectedVersion } from './versions.js';

export const OSV_SCHEMA_VERSION = '1.7.4';

/**
 * OSV ids start with a registered database prefix and our references are not one: the id is the report's CVE
 * when it names exactly one, else this placeholder (prefix CVE-, year 0000, which no CVE has), to be replaced
 * by the id of the database the advisory is published in.
 */
export const OSV_PLACEHOLDER_ID = 'CVE-0000-PENDING';

const SEVERITY_TYPE = { '3.0': 'CVSS_V3', '3.1': 'CVSS_V3', '4.0': 'CVSS_V4' } as const;

type OsvEvent = { introduced: string } | { limit: string } | { last_affected: string };

/** SEMVER range events; null when a bound is not semver or the lower bound is exclusive (OSV's `introduced` includes it). */
function semverEvents(v: Extract<AffectedVersion, { kind: 'range' }>): OsvEvent[] | null {
  if (v.from && (!v.from.inclusive || !semver.valid(v.from.version))) return null;
  if (v.to && !semver.valid(v.to.version)) return null;
  const events: OsvEvent[] = [{ introduced: v.from?.version ?? '0' }];
  // `limit`, not `fixed`: a reporter's "below 3.2.1" says where they stopped looking, not that 3.2.1 fixes it.
  if (v.to) events.push(v.to.inclusive ? { last_affected: v.to.version } : { limit: v.to.version });
  return events;
}

function affected(f: AdvisoryFacts) {
  if (!f.product && f.versions.length === 0) return [];
  const exact = f.versions.flatMap((v) => (v.kind === 'exact' ? [v.version] : []));
  const ranges = f.versions.flatMap((v) => {
    const events = v.kind === 'range' ? semverEvents(v) : null;
    return events ? [{ type: 'SEMVER', events }] : [];
  });
  return [
    {
      // No `package`: our products are not in an OSV ecosystem; the product is named here instead.
      ...(exact.length > 0 ? { versions: exact } : {}),
      ...(ranges.length > 0 ? { ranges } : {}),
      database_specific: { product: f.product, vendor: f.vendor, affected_versions_as_reported: f.versions.map(asWritten) },
    },
  ];
}

function asWritten(v: AffectedVersion): string {
  if (v.kind === 'exact') return v.version;
  if (v.kind === 'other') return v.text;
  const lower = v.from ? `${v.from.inclusive ? '>=' : '>'}${v.from.version}` : null;
  const upper = v.to ? `${v.to.inclusive ? '<=' : '<'}${v.to.version}` : null;
  return [lower, upper].filter(Boolean).join(' ');
}

export function toOsv(input: ExportInput) {
  const f = advisoryFacts(input);
  const now = input.now.toISOString();
  return {
    schema_version: OSV_SCHEMA_VERSION,
    id: f.cveId ?? OSV_PLACEHOLDER_ID,
    // A draft for the team to publish: both are the time of export until it is published.
    modified: now,
    published: now,
    ...(f.relatedCves.length > 0 ? { related: f.relatedCves } : {}),
    summary: f.title,
    details: f.details,
    ...(f.cvss ? { severity: [{ type: SEVERITY_TYPE[f.cvss.version], score: f.cvss.vector }] } : {}),
    affected: affected(f),
    ...(f.credit ? { credits: [{ name: f.credit, type: 'FINDER' }] } : {}),
    database_specific: {
      secintake: { ref: f.ref, cwe_ids: f.cwes, ...(f.cvss ? { cvss_score: f.cvss.score, cvss_severity: f.cvss.severity } : {}), patch_date: f.patchDate },
    },
  };
}
