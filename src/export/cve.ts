/** @module A CVE JSON 5.2 record (CNA container) from a report, with documented placeholders where only the CNA can fill in. Pure. */
import { cweName } from './cwe.js';
import { advisoryFacts, type AdvisoryFacts } from './facts.js';
import type { ExportInput } from './types.js';
import type { AffectedVersion } from './versions.js';

export const CVE_DATA_VERSION = '5.2.0';

/**
 * What a CNA replaces before submitting: the CVE id (year 0000 is never assigned), the CNA's organisation
 * UUID (the nil-like v4 UUID is nobody's), and the advisory URL (where the team will publish it).
 */
export const CVE_PLACEHOLDERS = { cveId: 'CVE-0000-0000', orgId: '00000000-0000-4000-8000-000000000000' } as const;
const advisoryUrl = (f: AdvisoryFacts) => `${f.teamUrl}/security/advisories/${encodeURIComponent(f.ref)}`;

/** CVE 5.x version entries; `other` is published as a single version string rather than guessed into a range. */
function versionEntry(v: AffectedVersion) {
  if (v.kind === 'exact') return { version: v.version, status: 'affected' };
  if (v.kind === 'other' || (v.from && !v.from.inclusive)) return { version: v.kind === 'other' ? v.text : `>${v.from?.version}`, status: 'affected' };
  const start = v.from?.version ?? '0';
  // `lessThan: "*"` is the schema's own notation for "no upper end".
  const end = v.to ? (v.to.inclusive ? { lessThanOrEqual: v.to.version } : { lessThan: v.to.version }) : { lessThan: '*' };
  return { version: start, status: 'affected', versionType: 'semver', ...end };
}

function metrics(f: AdvisoryFacts) {
  if (!f.cvss) return {};
  const { version, vector, score, severity } = f.cvss;
  const key = version === '4.0' ? 'cvssV4_0' : version === '3.1' ? 'cvssV3_1' : 'cvssV3_0';
  return { metrics: [{ format: 'CVSS', scenarios: [{ lang: 'en', value: 'GENERAL' }], [key]: { version, vectorString: vector, baseScore: score, baseSeverity: severity.toUpperCase() } }] };
}

function problemTypes(f: AdvisoryFacts) {
  if (f.cwes.length === 0) return {};
  return {
    problemTypes: [
      { descriptions: f.cwes.map((id) => ({ lang: 'en', type: 'CWE', cweId: id, description: cweName(id) ? `${id} ${cweName(id)}` : id })) },
    ],
  };
}

function descriptions(f: AdvisoryFacts) {
  const theirs = { lang: f.language, value: f.details };
  // The schema wants one English description; a French report gets a marked stand-in the CNA replaces.
  return f.language === 'en' ? [theirs] : [theirs, { lang: 'en', value: `[English description to be written by the CNA] ${f.title}` }];
}

export function toCve(input: ExportInput) {
  const f = advisoryFacts(input);
  const cveId = f.cveId ?? CVE_PLACEHOLDERS.cveId;
  return {
    dataType: 'CVE_RECORD',
    dataVersion: CVE_DATA_VERSION,
    cveMetadata: { cveId, assignerOrgId: CVE_PLACEHOLDERS.orgId, state: 'PUBLISHED' },
    containers: {
      cna: {
        providerMetadata: { orgId: CVE_PLACEHOLDERS.orgId },
        title: f.title,
        descriptions: descriptions(f),
        affected: [
          {
            vendor: f.vendor,
            product: f.product ?? 'n/a',
            ...(f.versions.length > 0 ? { versions: f.versions.map(versionEntry) } : {}),
            defaultStatus: f.versions.length > 0 ? 'unaffected' : 'unknown',
          },
        ],
        ...problemTypes(f),
        ...metrics(f),
        ...(f.credit ? { credits: [{ lang: 'en', value: f.credit, type: 'finder' }] } : {}),
        references: [{ url: advisoryUrl(f), tags: ['vendor-advisory'] }, ...f.relatedCves.map((id) => ({ url: `https://www.cve.org/CVERecord?id=${id}`, tags: ['related'] }))],
        // The schema's extension point: where this record came from and what the CNA still has to fill in.
        x_secintake: {
          ref: f.ref,
          placeholders: [
            ...(f.cveId ? [] : ['cveMetadata.cveId']),
            'cveMetadata.assignerOrgId',
            'containers.cna.providerMetadata.orgId',
            'containers.cna.references[0].url',
            ...(f.product ? [] : ['containers.cna.affected[0].product']),
            ...(f.language === 'en' ? [] : ['containers.cna.descriptions[1].value']),
          ],
          ...(f.patchDate ? { patchDate: f.patchDate } : {}),
        },
      },
    },
  };
}
