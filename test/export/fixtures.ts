/** @module Report records as the database hands them to exports: typed `ReportRecord`s whose `fields` have the extraction's shape. */
import type { EventRow } from '../../src/db/events.js';
import type { ReportRecord } from '../../src/db/reports.js';
import type { Extraction } from '../../src/intake/extract/index.js';
import type { ExportInput } from '../../src/export/index.js';

type Values = { [K in keyof Omit<Extraction, 'missing' | 'issues'>]?: Extraction[K]['value'] };

export function record(values: Values | null, over: Partial<ReportRecord> = {}): ReportRecord {
  const fields = values && {
    ...Object.fromEntries(Object.entries(values).map(([k, value]) => [k, { value, confidence: 0.9, span: null }])),
    missing: [],
    issues: [],
  };
  return {
    id: 1,
    ref: 'SEC-2026-0042',
    messageId: 1,
    status: 'new',
    receivedAt: '2026-10-01T09:00:00.000Z',
    subject: 'Vulnerability report',
    reporterEmail: 'ada@research.example',
    reporterName: 'Ada',
    bodyText: 'the report',
    bodyHtml: null,
    encryption: { encrypted: true, keyFingerprint: 'AB'.repeat(20), keyStatus: 'current' },
    signature: { status: 'none', signerFingerprint: null },
    fields,
    deadlines: null,
    flags: [],
    unencryptedParts: [],
    assignee: null,
    statusReason: null,
    patchDate: null,
    exploited: false,
    lastUpdateAt: null,
    createdAt: '2026-10-01T09:00:00.000Z',
    updatedAt: '2026-10-01T09:00:00.000Z',
    ...over,
  };
}

export const event = (at: string, kind: string, data: Record<string, unknown> = {}): EventRow => ({ id: 0, reportId: 1, messageId: null, at, kind, data });

export const input = (r: ReportRecord, events: EventRow[] = [event(r.receivedAt, 'report.received', { ref: r.ref })]): ExportInput => ({
  record: r,
  events,
  team: { name: 'Example Security', address: 'security@example.test' },
  timezone: 'Europe/Paris',
  now: new Date('2026-10-20T12:00:00.000Z'),
});

const CVSS31 = { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', score: 7.5, severity: 'high' } as const;
const CVSS30 = { version: '3.0', vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', score: 6.1, severity: 'medium' } as const;
const CVSS40 = { version: '4.0', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', score: 9.3, severity: 'critical' } as const;

/** A spread of reports: every optional part present and absent at least once, and one hostile throughout. */
export const SPREAD: [string, ExportInput][] = [
  ['a report extraction has not seen (no fields at all)', input(record(null))],
  [
    'a full report: product, every version form, two CWEs, CVSS 3.1, one CVE, credit wanted, a patch date, a status history',
    input(
      record(
        {
          title: 'SQL injection in acme-server search',
          summary: 'The search endpoint concatenates the q parameter into SQL.',
          impact: 'An unauthenticated attacker reads every customer record.',
          product: 'acme-server',
          affectedVersions: ['3.2.1', '<3.2.1', '<=2.2.4', '>=3.0.0', '3.x', '>=2.0.0 <2.4.0', '>=3.0.0 <4.0.0', '>1.0.0'],
          cwe: ['CWE-89', 'CWE-1321'],
          cvss: CVSS31,
          cves: ['CVE-2026-12345'],
          creditWanted: true,
          reporter: { name: 'Ada Lovelace', email: 'ada@research.example', contact: null },
          language: 'en',
        },
        { status: 'fix-scheduled', patchDate: '2026-10-29' },
      ),
      [
        event('2026-10-01T09:00:00.000Z', 'report.received', { ref: 'SEC-2026-0042' }),
        event('2026-10-02T09:00:00.000Z', 'report.status', { from: 'new', to: 'triaged', reason: null }),
        event('2026-10-03T09:00:00.000Z', 'report.status', { from: 'triaged', to: 'accepted', reason: null }),
        event('2026-10-04T09:00:00.000Z', 'report.patch-scheduled', { patchDate: '2026-10-29', graceApplied: false }),
        event('2026-10-04T09:00:01.000Z', 'report.deadlines', { why: 'patch scheduled' }),
      ],
    ),
  ],
  [
    'a French report with CVSS 4.0, several CVE ids and credit declined',
    input(
      record({
        title: 'Exécution de code dans widgetd',
        summary: 'Le prévisualiseur exécute les modèles envoyés.',
        product: 'widgetd',
        affectedVersions: ['2.x'],
        cwe: ['CWE-94'],
        cvss: CVSS40,
        cves: ['CVE-2025-1111', 'cve-2025-2222'],
        creditWanted: false,
        reporter: { name: 'Camille', email: null, contact: null },
        language: 'fr',
      }),
    ),
  ],
  ['a CVSS 3.0 vector, versions but no product, credit not stated', input(record({ title: 'XSS in comments', affectedVersions: ['1.4.2'], cvss: CVSS30, cwe: ['CWE-79'], creditWanted: null, reporter: { name: 'Bob', email: null, contact: null } }))],
  [
    'hostile text everywhere: quotes, markup, controls, bidi, JSON and newline injection',
    input(
      record(
        {
          title: '"}],"id":"x" <script>alert(1)</script>\u0000\u001b[2J\u202Egnp.exe',
          summary: 'line one\r\n\u0007line two </td> \uD800',
          product: 'acme"\n"server\u0000',
          affectedVersions: ['1.0"; DROP TABLE reports;--', '<script>', '\u0000'],
          cwe: ['CWE-0', 'cwe-79', 'CWE-79"'],
          cves: ['CVE-26-1', 'CVE-2026-9999999999999999999999'],
          creditWanted: true,
          reporter: { name: 'Eve\r\nBcc: all@example.test', email: null, contact: null },
          language: 'en',
        },
        { subject: '\u0000' },
      ),
    ),
  ],
];
