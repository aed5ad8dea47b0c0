/** @module The facts every advisory format is built from, read once through the report JSON view and cleaned of hostile characters. Pure. */
import { reportJson } from '../report/json.js';
import type { Cvss } from '../intake/extract/types.js';
import { LIMITS } from '../limits.js';
import { isReportStatus } from '../policy/status.js';
import { isLocalDate } from '../policy/zoned.js';
import { line, prose } from './text.js';
import type { ExportInput } from './types.js';
import { parseAffected, type AffectedVersion } from './versions.js';

export interface Revision {
  at: Date;
  summary: string;
}

export interface AdvisoryFacts {
  ref: string;
  title: string;
  /** Summary and impact as the reporter wrote them (cleaned); steps and PoC stay out of published advisories. */
  details: string;
  language: 'en' | 'fr';
  vendor: string;
  product: string | null;
  versions: AffectedVersion[];
  /** Well-formed CWE ids only. */
  cwes: string[];
  cvss: Cvss | null;
  /** The CVE id when the report names exactly one; with several, which is this vulnerability's is the team's call. */
  cveId: string | null;
  /** Every CVE id the report names other than `cveId`. */
  relatedCves: string[];
  /** The reporter's name or alias, only when they asked for credit. */
  credit: string | null;
  /** `YYYY-MM-DD` in the team's zone, from `reports schedule-patch`. */
  patchDate: string | null;
  /** What happened to the report that an advisory's history may show, oldest first (never reporter text). */
  revisions: Revision[];
  /** `https://` and the domain of the team address: the publisher's namespace and the base of placeholder URLs. */
  teamUrl: string;
}

const CVE_ID = /^CVE-\d{4}-\d{4,19}$/;
const CWE_ID = /^CWE-[1-9]\d{0,5}$/;

const uniq = <T>(xs: T[]) => [...new Set(xs)];
/** `3.x` and `>=3.0.0 <4.0.0` are one range: listed once (CVE requires unique entries). */
const sameOnce = (vs: AffectedVersion[]) => vs.filter((v, i) => vs.findIndex((w) => JSON.stringify(w) === JSON.stringify(v)) === i);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function revisionOf(kind: string, data: Record<string, unknown>): string | null {
  if (kind === 'report.received') return 'Report received';
  if (kind === 'report.status' && typeof data.to === 'string' && isReportStatus(data.to)) {
    return typeof data.from === 'string' && isReportStatus(data.from) ? `Status ${data.from} → ${data.to}` : `Status ${data.to}`;
  }
  if (kind === 'report.patch-scheduled' && typeof data.patchDate === 'string' && isLocalDate(data.patchDate)) return `Fix scheduled for ${data.patchDate}`;
  return null;
}

export function advisoryFacts(input: ExportInput): AdvisoryFacts {
  const { record, events, team } = input;
  const view = reportJson(record, []);
  const max = LIMITS.exportListItems;
  const cves = uniq(strings(view.cves).map((c) => c.toUpperCase()).filter((c) => CVE_ID.test(c))).slice(0, max);
  const cveId = cves.length === 1 ? (cves[0] as string) : null;
  const summary = prose(view.summary, LIMITS.exportTextChars);
  const impact = prose(view.impact, LIMITS.exportTextChars);
  const title = line(view.title, LIMITS.exportTitleChars) ?? `Vulnerability report ${record.ref}`;
  const revisions = events.flatMap((e) => {
    const summaryText = revisionOf(e.kind, e.data);
    return summaryText === null ? [] : [{ at: new Date(e.at), summary: summaryText }];
  });
  return {
    ref: record.ref,
    title,
    details: prose([summary, impact && `Impact: ${impact}`].filter(Boolean).join('\n\n'), LIMITS.exportTextChars) ?? title,
    language: view.language === 'fr' ? 'fr' : 'en',
    vendor: line(team.name, LIMITS.exportNameChars) ?? team.address,
    product: line(view.product, LIMITS.exportNameChars),
    versions: sameOnce(
      strings(view.affectedVersions)
        .map((v) => line(v, LIMITS.exportNameChars))
        .filter((v): v is string => v !== null)
        .slice(0, max)
        .map(parseAffected),
    ),
    cwes: uniq(strings(view.cwe).map((c) => c.toUpperCase()).filter((c) => CWE_ID.test(c))).slice(0, max),
    cvss: view.cvss,
    cveId,
    relatedCves: cves.filter((c) => c !== cveId),
    credit: view.creditWanted === true ? line(view.reporter.name, LIMITS.exportNameChars) : null,
    patchDate: record.patchDate !== null && isLocalDate(record.patchDate) ? record.patchDate : null,
    revisions: revisions.length > 0 ? revisions : [{ at: new Date(record.receivedAt), summary: 'Report received' }],
    teamUrl: `https://${team.address.slice(team.address.lastIndexOf('@') + 1).toLowerCase()}`,
  };
}
