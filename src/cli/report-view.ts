/** @module The human view of `reports show`: every stored string escaped, and what arrived outside the encryption shown apart, labelled. Pure. */
import type { CraClock, CraClocks } from '../policy/cra.js';
import type { ReportJson } from '../report/json.js';
import { escapeLines, term } from './escape.js';
import { localTime } from './format.js';

type Part = ReportJson['unencryptedParts'][number];

/** Excerpt lines are indented behind a bar, so a line in them can never pass for one of ours. */
const EXCERPT = '      | ';

export function reportShowLines(json: ReportJson, timeZone: string, cra?: CraClocks | null): string[] {
  const at = (iso: string | null) => localTime(iso, timeZone);
  const e = json.encryption;
  return [
    term`${json.ref}  ${json.status}  received ${at(json.receivedAt)}`,
    term`title:      ${json.title ?? '-'}`,
    ...(json.subject !== null && json.subject !== json.title ? [term`subject:    ${json.subject}`] : []),
    term`reporter:   ${json.reporter.name ?? ''} <${json.reporter.email ?? '?'}>`,
    e.encrypted ? term`encryption: yes (${coverageLabel(e.coverage)}), key ${e.keyFingerprint} (${e.keyStatus})` : 'encryption: no',
    term`signature:  ${json.signature.status}${json.signature.signerFingerprint ? ` by ${json.signature.signerFingerprint}` : ''}`,
    term`flags:      ${json.flags.join(', ') || '-'}`,
    term`triage by:  ${at(json.deadlines.triage)}    resolution target: ${at(json.deadlines.resolve)}`,
    term`disclosure: ${at(json.deadlines.disclosure)}    next update: ${at(json.deadlines.nextUpdate)}    (${timeZone})`,
    term`type:       ${json.vulnerabilityType ?? '-'}${json.cwe?.length ? ` (${json.cwe.join(', ')})` : ''}${json.cvss ? `    CVSS ${json.cvss.version} ${json.cvss.score} ${json.cvss.severity}` : ''}`,
    term`product:    ${json.product ?? '-'} ${json.affectedVersions?.join(', ') ?? ''}${json.versionSupported === false ? ' (unsupported version)' : ''}`,
    ...(json.missing?.length ? [term`missing:    ${json.missing.join(', ')}`] : []),
    ...(cra ? craLines(cra, at) : []),
    ...json.attachments.map((a) => term`attachment: ${a.name} (${a.size} bytes, sha256 ${a.sha256})`),
    ...outsideLines(json.unencryptedParts, e.encrypted),
    '',
    ...escapeLines(json.text),
  ];
}

/** EU CRA Art. 14 clocks, shown only with policy.cra on. */
function craLines(cra: CraClocks, at: (iso: string | null) => string): string[] {
  const head = `cra:        aware ${at(cra.awareAt)} (${cra.awarenessSource})${cra.obligationApplies ? '' : ', before Art. 14 applied: no obligation'}`;
  const clock = (c: CraClock) => `  ${c.kind.padEnd(13)} ${c.article.padEnd(13)} ${c.dueAt ? `due ${at(c.dueAt)}` : 'waiting for a fix'}  ${c.state}${c.hoursLeft === null ? '' : ` (${c.hoursLeft} h)`}`;
  return [head, ...cra.clocks.map(clock)];
}

function coverageLabel(coverage: ReportJson['encryption']['coverage']): string {
  if (coverage === null) return 'coverage not recorded';
  return coverage === 'full' ? 'all of it' : 'only part of it';
}

/** In cleartext mail the parts kept apart are those outside every good signature (crypto/coverage.ts). */
function outsideLines(parts: Part[], encrypted: boolean): string[] {
  if (parts.length === 0) return [];
  const label = encrypted ? 'outside the encryption' : 'outside every good signature';
  return [
    '',
    `${label} — NOT part of the report (${parts.length} part${parts.length === 1 ? '' : 's'}):`,
    ...parts.flatMap((p) => [
      term`  ${p.kind}  ${p.name ?? '(no name)'}  ${p.size} bytes  ${p.contentType}  ${p.signed ? 'signed' : 'unsigned'}  sha256 ${p.sha256}`,
      ...(p.text === null ? [] : escapeLines(p.text).map((l) => `${EXCERPT}${l}`)),
    ]),
  ];
}
