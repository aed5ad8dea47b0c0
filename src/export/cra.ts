/** @module The CRA Art. 14 summary for the ENISA single reporting platform: what to notify, by when, from a report marked actively exploited. Pure. */
import { formatIso } from '../policy/zoned.js';
import { reportCraClocks } from '../report/cra.js';
import { advisoryFacts } from './facts.js';
import type { ExportInput } from './types.js';

/** Version of this summary's shape: tools reading it check this before the fields. */
export const CRA_SUMMARY_VERSION = '1';

/** Null when the report is not marked actively exploited: Art. 14(1) then asks for no notification. */
export function toCra(input: ExportInput) {
  const { record, events, timezone, now } = input;
  const clocks = reportCraClocks(record, events, timezone, now);
  if (!clocks) return null;
  const f = advisoryFacts(input);
  return {
    format: 'secintake-cra-summary',
    version: CRA_SUMMARY_VERSION,
    regulation: 'Regulation (EU) 2024/2847 (Cyber Resilience Act), Article 14',
    generatedAt: formatIso(now, timezone),
    timezone,
    ref: f.ref,
    manufacturer: { name: f.vendor, contact: input.team.address },
    product: { name: f.product, versions: f.versions },
    vulnerability: {
      title: f.title,
      description: f.details,
      activelyExploited: true,
      cwe: f.cwes,
      cvss: f.cvss,
      cveId: f.cveId,
      relatedCves: f.relatedCves,
    },
    ...clocks,
    correctiveMeasure: f.patchDate ? { kind: 'patch', scheduledFor: f.patchDate } : null,
    // Art. 14(2)(a) asks which Member States the product is made available in; secintake does not know.
    memberStates: null,
  };
}
