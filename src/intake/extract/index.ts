/** @module Extraction stage: report fields with confidences from a decrypted message. Pure: no I/O, no clock, never throws on odd input. */
import { EXTRACT_BOUNDS } from './bounds.js';
import { findCvss } from './cvss.js';
import { reporterDisclosure } from './disclosure.js';
import { detectLanguage } from './language.js';
import { impact, poc, specialConfiguration, steps, summary, title, type NarrativeInput } from './narrative.js';
import { findProduct, sameProduct } from './product.js';
import { findReporter } from './reporter.js';
import { findSections, type Section } from './sections.js';
import { exploitedInTheWild, findCves, reportedToMitre } from './signals.js';
import { analysedText, prepareBody } from './text.js';
import { classifyType, cwesFor, explicitCwes } from './type.js';
import type { AskedField, ExtractInput, ExtractPolicy, Extraction, Field } from './types.js';
import { findVersions, versionSupported, type VersionLine } from './versions.js';

export type * from './types.js';
export { analysedText } from './text.js';
export { scoreVector, severityOf } from './cvss.js';

export function extract(input: ExtractInput, policy: ExtractPolicy): Extraction {
  const body = prepareBody(analysedText(input));
  const { text } = body;
  const scanEnd = Math.min(text.length, EXTRACT_BOUNDS.scanChars);
  const scan = text.slice(0, scanEnd);
  const sections = findSections(body, scanEnd);
  const subject = input.subject ?? '';
  const declared = (key: Section['key']) => sections.filter((s) => s.key === key);
  const narrative: NarrativeInput = { body, sections, scanEnd, subject: input.subject, attachments: input.attachments };

  const language = detectLanguage(prose(body, scanEnd));
  const product = findProduct({
    subject,
    declared: declared('product').map((s) => ({ text: s.text, start: s.start })),
    body: scan,
    known: Object.keys(policy.supportedVersions),
  });
  const affectedVersions = versionsField(body, sections, subject, product.value, scanEnd);
  const policyKey = product.value === null ? null : Object.keys(policy.supportedVersions).find((k) => sameProduct(k, product.value as string));
  const supported = policyKey === undefined || policyKey === null ? null : versionSupported(affectedVersions.value, policy.supportedVersions[policyKey] ?? []);

  const titleField = title(input.subject, sections, body);
  const cwes = explicitCwes(`${subject}\n${scan}`);
  const kind = classifyType({
    title: titleField.value ?? '',
    declared: declared('type').map((s) => s.text).join('\n'),
    body: scan,
    explicitCwes: cwes.ids,
  });
  const cvss = findCvss(text);
  // Only a section titled for credit asks for it; "Reporter:" or "Contact:" just names someone.
  const creditSections = declared('credit').filter((s) => /credit|crédit|acknowledg|attribution|remerciement|hall of fame/i.test(s.heading));
  const reporter = findReporter(text, body.lines, input.from, scanEnd, creditSections.map((s) => s.text));

  const out: Extraction = {
    title: titleField,
    summary: summary(narrative),
    product,
    affectedVersions,
    versionSupported: { value: supported, confidence: supported === null ? 0 : Math.min(product.confidence, affectedVersions.confidence), span: null },
    vulnerabilityType: { value: kind.type, confidence: kind.confidence, span: null },
    cwe: { value: cwesFor(kind.type, cwes.ids), confidence: cwes.ids.length > 0 ? 0.95 : kind.confidence * 0.8, span: cwes.span },
    specialConfiguration: specialConfiguration(narrative),
    steps: steps(narrative),
    poc: poc(narrative),
    impact: impact(narrative),
    cvss: cvss.cvss,
    reporterScore: cvss.reporterScore,
    cves: findCves(`${subject}\n${text}`, EXTRACT_BOUNDS.maxCves),
    reportedToMitre: reportedToMitre(scan),
    exploitedInTheWild: exploitedInTheWild(`${subject}\n${scan}`),
    reporter: reporter.reporter,
    creditWanted: reporter.creditWanted,
    language,
    reporterDisclosure: reporterDisclosure(scan, input.receivedAt, language.value),
    missing: [],
    issues: cvss.issues,
  };
  // Spans found in "subject\nbody" strings point past the subject; shift them back into the body.
  out.cves.span = shift(out.cves.span, subject.length + 1);
  out.exploitedInTheWild.span = shift(out.exploitedInTheWild.span, subject.length + 1);
  out.cwe.span = cwes.ids.length > 0 ? shift(out.cwe.span, subject.length + 1) : null;
  out.missing = missingFields(out);
  return out;
}

function shift(span: [number, number] | null | undefined, by: number): [number, number] | null {
  if (!span || span[0] < by) return null;
  return [span[0] - by, span[1] - by];
}

/** Text outside code blocks, for language detection: code is English whatever the report's language. */
function prose(body: ReturnType<typeof prepareBody>, scanEnd: number): string {
  let out = '';
  for (const l of body.lines) {
    if (l.start >= scanEnd || out.length > 20_000) break;
    if (!l.code && !l.blank) out += `${l.text}\n`;
  }
  return out;
}

const HTTP_HEADER = /^\s{0,4}(?:(?:Host|User-Agent|Accept(?:-[\w]+)?|Content-[\w-]+|Cookie|Set-Cookie|Authorization|Referer|Origin|Connection|X-[\w-]+|Server|Date|Cache-Control|Sec-[\w-]+|Upgrade-Insecure-Requests)\s?:|(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S|HTTP\/\d)/i;

function versionsField(body: ReturnType<typeof prepareBody>, sections: Section[], subject: string, product: string | null, scanEnd: number): Field<string[]> {
  const strong = sections.filter((s) => s.key === 'versions' || s.key === 'product');
  const lines: VersionLine[] = [];
  for (const l of body.lines) {
    if (l.start >= scanEnd) break;
    // Code (fenced or indented) and HTTP headers carry protocol and library versions, not the product's.
    if (l.blank || l.code || HTTP_HEADER.test(l.text) || /^(?: {4}|\t)/.test(l.text)) continue;
    const inStrong = strong.some((s) => l.end > s.start && l.start < s.end);
    lines.push({ text: l.text, offset: l.start, strong: inStrong });
  }
  let found = findVersions(lines, product, EXTRACT_BOUNDS.maxVersions);
  // The subject only when the body states nothing: it usually repeats the body in short.
  if (found.length === 0 && subject !== '') found = findVersions([{ text: subject, offset: -1, strong: true }], product, EXTRACT_BOUNDS.maxVersions);
  const fromSection = found.some((f) => f.span && strong.some((s) => (f.span as [number, number])[0] >= s.start && (f.span as [number, number])[0] < s.end));
  return { value: found.map((f) => f.value), confidence: found.length === 0 ? 0 : fromSection ? 0.9 : 0.65, span: found[0]?.span ?? null };
}

function missingFields(x: Extraction): AskedField[] {
  const missing: AskedField[] = [];
  if (x.vulnerabilityType.value === null) missing.push('vulnerabilityType');
  if (x.specialConfiguration.value === null) missing.push('specialConfiguration');
  if (x.steps.value === null) missing.push('steps');
  if (x.poc.value === null) missing.push('poc');
  if (x.impact.value === null) missing.push('impact');
  if (x.product.value === null) missing.push('product');
  if (x.affectedVersions.value.length === 0) missing.push('affectedVersions');
  if (x.reportedToMitre.value === null) missing.push('reportedToMitre');
  // An address alone does not say how to credit the reporter: the policies ask for a name or alias.
  if (x.reporter.value.name === null) missing.push('reporter');
  return missing;
}
