/** @module The published face of the policy: an RFC 9116 security.txt and a SECURITY.md section, rendered from the config and the team key. Pure. */
import { LIMITS } from '../limits.js';
import type { DeadlinePolicy } from './deadlines.js';

export interface RenderPolicy extends DeadlinePolicy {
  holidays: readonly string[];
  update_interval_days: number;
  supported_versions: Readonly<Record<string, readonly string[]>>;
}

export interface RenderInput {
  team: { name: string; address: string };
  timezone: string;
  policy: RenderPolicy;
  /** The current team key: the one reporters encrypt to. expiresAt null: never expires. */
  teamKey: { fingerprint: string; expiresAt: Date | null };
  now: Date;
  /** RFC 5646 language tags; RFC 9116 §2.5.8 lets readers assume English when absent. */
  languages?: readonly string[];
  /** https:// links for the fields that point at pages the config does not know about. */
  links?: { policy?: string; encryption?: string; canonical?: string; acknowledgments?: string };
}

const DAY_MS = 86_400_000;
/** RFC 5646 in the shape Preferred-Languages needs: a primary tag and subtags (also `policy.languages` in the config). */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

/** Problems with links and languages, in RFC 9116 terms; empty when rendering may go ahead. */
export function renderInputProblems(input: Pick<RenderInput, 'links' | 'languages'>): string[] {
  const problems: string[] = [];
  for (const [name, url] of Object.entries(input.links ?? {})) {
    // §2.5: "If this field indicates a web URI, then it MUST begin with https://".
    if (url !== undefined && !/^https:\/\/[^\s]+$/.test(url)) problems.push(`${name} link must be an https:// URL (RFC 9116), not "${url}"`);
  }
  for (const tag of input.languages ?? []) {
    if (!LANGUAGE_TAG.test(tag)) problems.push(`"${tag}" is not a language tag (RFC 5646), e.g. en, fr, pt-BR`);
  }
  if (input.languages !== undefined && input.languages.length === 0) problems.push('Preferred-Languages needs at least one language (RFC 9116 §2.5.8)');
  return problems;
}

/** The Expires instant: no later than the team key's expiry (a file pointing at a dead key is stale) and under a year ahead. */
export function securityTxtExpires(now: Date, keyExpiresAt: Date | null): Date {
  const cap = now.getTime() + LIMITS.securityTxtMaxExpiresDays * DAY_MS;
  return new Date(keyExpiresAt === null ? cap : Math.min(cap, keyExpiresAt.getTime()));
}

/** §2.5.3: an email address is a mailto: URI; RFC 6068 §2 lets only its qchar set through unescaped. */
const mailto = (address: string) => `mailto:${address.replace(/[^A-Za-z0-9\-._~!$'()*+,;:@]/gu, (c) => encodeURIComponent(c))}`;

/** RFC 3339 date-time in UTC, to the second. */
const rfc3339 = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

/** Unsigned; RFC 9116 §2.3 recommends an OpenPGP cleartext signature around exactly this text. */
export function renderSecurityTxt(input: RenderInput): string {
  const links = input.links ?? {};
  const expires = securityTxtExpires(input.now, input.teamKey.expiresAt);
  const lines = [
    `# ${input.team.name}: how to report a security vulnerability.`,
    ...(links.canonical ? [`Canonical: ${links.canonical}`] : []),
    `Contact: ${mailto(input.team.address)}`,
    '',
    // §2.5.4: a URI to the key, never the key itself; openpgp4fpr: names it by fingerprint (the RFC's own example).
    '# Encrypt your report to this OpenPGP key.',
    ...(links.encryption ? [`Encryption: ${links.encryption}`] : []),
    `Encryption: openpgp4fpr:${input.teamKey.fingerprint.replace(/\s+/g, '').toLowerCase()}`,
    '',
    ...(links.policy ? [`Policy: ${links.policy}`] : []),
    ...(links.acknowledgments ? [`Acknowledgments: ${links.acknowledgments}`] : []),
    `Preferred-Languages: ${(input.languages ?? ['en']).join(', ')}`,
    // Renew this file before then (`secintake policy render`), and after every key rotation.
    `Expires: ${rfc3339(expires)}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** `ABCD 1234 …`: how people compare fingerprints by eye. */
const groupFingerprint = (fpr: string) => fpr.replace(/\s+/g, '').toUpperCase().replace(/(.{4})(?!$)/g, '$1 ');
const cell = (text: string) => text.replace(/\|/g, '\\|');
const days = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

export function renderSecurityMd(input: RenderInput): string {
  const p = input.policy;
  const key = input.teamKey;
  const products = Object.entries(p.supported_versions);
  const calendars = p.holidays.length > 0 ? `the public holidays of ${p.holidays.join(', ')}` : 'no public holidays';
  const out = [
    '# Security policy',
    '',
    '## Reporting a vulnerability',
    '',
    `Email **${input.team.address}** (${input.team.name}). Please encrypt your report to our OpenPGP key:`,
    '',
    `- Fingerprint: \`${groupFingerprint(key.fingerprint)}\``,
    `- Valid until: ${key.expiresAt === null ? 'no expiry date' : `${key.expiresAt.toISOString().slice(0, 10)} (UTC)`}`,
    '',
    'Tell us the affected product and version, the steps to reproduce, the impact, and the name or alias',
    'you want credited (or that you prefer no credit). Attach your public key so we can answer encrypted.',
    '',
    '## Supported versions',
    '',
    ...(products.length === 0
      ? ['Security fixes go to the latest release.']
      : ['| Product | Supported versions |', '| --- | --- |', ...products.map(([name, ranges]) => `| ${cell(name)} | ${cell(ranges.join(', '))} |`)]),
    '',
    'Reports against other versions are still read; we tell you when a version is out of support.',
    '',
    '## What to expect',
    '',
    '| Step | Our commitment |',
    '| --- | --- |',
    `| First response | within ${days(p.triage_business_days, 'business day')} of receipt |`,
    `| Fix (resolution target) | within ${days(p.resolve_business_days, 'business day')} of receipt |`,
    `| Status updates | every ${days(p.update_interval_days, 'day')} until resolved, and on every status change |`,
    `| Public disclosure | ${days(p.disclosure_days, 'day')} after receipt; ${days(p.exploited_days, 'day')} when the vulnerability is exploited in the wild |`,
    '| Deadline on a weekend or public holiday | moves to the next business day |',
    `| Patch scheduled within ${days(p.grace_days, 'day')} after the disclosure deadline | disclosure waits for the patch |`,
    '',
    `Business days are Monday to Friday in the ${input.timezone} time zone, except ${calendars}.`,
    '',
  ];
  return out.join('\n');
}
