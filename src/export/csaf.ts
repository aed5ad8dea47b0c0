/** @module CSAF 2.0 `csaf_security_advisory` from a report: tracking and revision history from its events, product tree from product/versions. Pure. */
import { formatIso, fromLocal } from '../policy/zoned.js';
import { cweName } from './cwe.js';
import { advisoryFacts, type AdvisoryFacts } from './facts.js';
import type { ExportInput } from './types.js';
import type { AffectedVersion } from './versions.js';

/** Our own name for a product nobody named: CSAF scores and remediations must point at a product. */
const UNNAMED_PRODUCT = 'Product not named in the report';

interface Leaf {
  category: 'product_version' | 'product_version_range';
  name: string;
  id: string;
}

/** A version range in `vers` syntax (CSAF 2.0 §3.1.2.3.2), e.g. `vers:semver/>=2.0.0|<2.4.0`; `other` stays as written (`vls`). */
function leafName(v: AffectedVersion): Pick<Leaf, 'category' | 'name'> {
  if (v.kind === 'exact') return { category: 'product_version', name: v.version };
  if (v.kind === 'other') return { category: 'product_version_range', name: v.text };
  const parts = [v.from && `${v.from.inclusive ? '>=' : '>'}${v.from.version}`, v.to && `${v.to.inclusive ? '<=' : '<'}${v.to.version}`].filter(Boolean);
  return { category: 'product_version_range', name: `vers:semver/${parts.join('|')}` };
}

function productTree(f: AdvisoryFacts) {
  const product = f.product ?? UNNAMED_PRODUCT;
  const leaves: Leaf[] = f.versions.map((v, i) => ({ ...leafName(v), id: `CSAFPID-${String(i + 1).padStart(4, '0')}` }));
  const productBranch =
    leaves.length > 0
      ? { category: 'product_name', name: product, branches: leaves.map((l) => ({ category: l.category, name: l.name, product: { name: `${product} ${l.name}`, product_id: l.id } })) }
      : { category: 'product_name', name: product, product: { name: product, product_id: 'CSAFPID-0001' } };
  const ids = leaves.length > 0 ? leaves.map((l) => l.id) : ['CSAFPID-0001'];
  return { tree: { branches: [{ category: 'vendor', name: f.vendor, branches: [productBranch] }] }, ids };
}

function scores(f: AdvisoryFacts, ids: string[]) {
  if (!f.cvss || f.cvss.version === '4.0') return {};
  const { version, vector, score, severity } = f.cvss;
  return { scores: [{ cvss_v3: { version, vectorString: vector, baseScore: score, baseSeverity: severity.toUpperCase() }, products: ids }] };
}

function notes(f: AdvisoryFacts) {
  const extra: string[] = [];
  if (f.cvss?.version === '4.0') extra.push(`CVSS v4.0 vector ${f.cvss.vector} (score ${f.cvss.score}, ${f.cvss.severity}): CSAF 2.0 has no place for CVSS v4.0 scores.`);
  const unnamed = f.cwes.filter((c, i) => i > 0 || cweName(c) === null);
  if (unnamed.length > 0) extra.push(`Further weaknesses named in the report: ${unnamed.join(', ')}.`);
  if (f.relatedCves.length > 0) extra.push(`CVE ids named in the report: ${f.relatedCves.join(', ')}.`);
  if (!f.product) extra.push(`The report names no product; "${UNNAMED_PRODUCT}" stands in for it.`);
  return [
    { category: 'description', title: 'Description', text: f.details },
    ...extra.map((text) => ({ category: 'other', title: 'Export note', text })),
  ];
}

export function toCsaf(input: ExportInput) {
  const f = advisoryFacts(input);
  const zone = input.timezone;
  const iso = (d: Date) => formatIso(d, zone);
  // Draft documents are versioned 0.y.z (CSAF 2.0 §6.1.17); one revision per recorded step of the report.
  const history = f.revisions.map((r, i) => ({ date: iso(r.at), number: `0.${i + 1}.0`, summary: r.summary }));
  const last = history.at(-1) as (typeof history)[number];
  const { tree, ids } = productTree(f);
  const cwe = f.cwes[0];
  const cweTitle = cwe === undefined ? null : cweName(cwe);
  return {
    document: {
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      lang: f.language,
      publisher: { category: 'vendor', name: f.vendor, namespace: f.teamUrl, contact_details: input.team.address },
      title: f.title,
      tracking: {
        id: f.ref,
        status: 'draft',
        version: last.number,
        initial_release_date: (history[0] ?? last).date,
        current_release_date: last.date,
        revision_history: history,
        generator: { date: iso(input.now), engine: { name: 'secintake' } },
      },
      // Unpublished: shared with those who must act on it until the team publishes it.
      distribution: { tlp: { label: 'AMBER' } },
    },
    product_tree: tree,
    vulnerabilities: [
      {
        title: f.title,
        ...(f.cveId ? { cve: f.cveId } : {}),
        ...(cwe && cweTitle ? { cwe: { id: cwe, name: cweTitle } } : {}),
        ids: [{ system_name: f.vendor, text: f.ref }],
        notes: notes(f),
        product_status: { known_affected: ids },
        ...scores(f, ids),
        ...(f.patchDate
          ? {
              remediations: [
                // A local date names no hour: the fix counts from the start of that day in the team's zone.
                { category: 'vendor_fix', date: iso(fromLocal({ date: f.patchDate, hour: 0, minute: 0, second: 0, millisecond: 0 }, zone)), details: `A fix is scheduled for ${f.patchDate}.`, product_ids: ids },
              ],
            }
          : {}),
        ...(f.credit ? { acknowledgments: [{ names: [f.credit] }] } : {}),
      },
    ],
  };
}
