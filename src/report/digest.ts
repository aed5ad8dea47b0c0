/** @module The daily digest as data (the `digest --json` shape in README "For the security team"): what the team must act on today, composed from what the caller read. Pure. */
import type { DigestMessage } from '../db/digests.js';
import type { PendingKey } from '../db/keys.js';
import type { OutboxListing } from '../db/outbox.js';
import type { ReportListing } from '../db/reports.js';
import { line } from '../export/text.js';
import { LIMITS } from '../limits.js';
import type { Calendar } from '../policy/calendar.js';
import type { CraClock, CraClocks } from '../policy/cra.js';
import { nextDeadline, type DeadlineKind, type NextDeadline } from '../policy/next-deadline.js';
import { BEFORE_FIX } from '../policy/flags.js';
import { isTerminal } from '../policy/status.js';
import { formatIso } from '../policy/zoned.js';
import { firstBy } from './digest-first.js';
import { reportSummaryJson } from './json.js';

// `cra` extends the documented list (policy.cra only): an Art. 14 clock due or overdue; it reads first after the overdue reports.
export const SECTIONS = ['overdue', 'cra', 'due', 'disclosures', 'new', 'waiting', 'thirdParty', 'suspicious', 'failed', 'outbox', 'keys'] as const;
export type Section = (typeof SECTIONS)[number];

export interface ReportLine {
  ref: string;
  title: string | null;
  severity: string | null;
  status: string;
  assignee: string | null;
  nextDeadline: NextDeadline | null;
  flags: string[];
}

export interface FailedLine {
  messageId: number;
  capturedAt: string;
  errorCode: string | null;
  reason: string | null;
  retry: string;
}

export interface OutboxLine {
  id: number;
  ref: string | null;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
  retry: string;
}

export interface CraLine {
  ref: string;
  title: string | null;
  clock: CraClock['kind'];
  article: string;
  dueAt: string;
  state: CraClock['state'];
  hoursLeft: number | null;
}

export const KEY_PROBLEMS = ['team-key-expired', 'team-key-expiring', 'security-txt-expires', 'reporter-key-expiring', 'reporter-key-pending', 'recipient-without-key'] as const;
export interface KeyLine {
  problem: (typeof KEY_PROBLEMS)[number];
  /** A fingerprint, an address or a report reference: what the problem is about. */
  subject: string;
  at: string | null;
}

export interface Digest {
  generatedAt: string;
  timezone: string;
  since: string | null;
  counts: Record<Section, number>;
  sections: {
    overdue: ReportLine[];
    cra: CraLine[];
    due: ReportLine[];
    disclosures: ReportLine[];
    new: ReportLine[];
    waiting: ReportLine[];
    thirdParty: ReportLine[];
    suspicious: ReportLine[];
    failed: FailedLine[];
    outbox: OutboxLine[];
    keys: KeyLine[];
  };
}

/** What selecting a digest's sections needs of a report: no title, severity or assignee (only listed lines need those). `fields` needs only `missing`. */
export type DigestFacts = Pick<ReportListing, 'id' | 'ref' | 'status' | 'receivedAt' | 'flags' | 'fields'> & { deadlines: Partial<Record<DeadlineKind, string | null>> | null };

export interface DigestInput<R extends DigestFacts = ReportListing> {
  reports: readonly R[];
  /** When the reporter last wrote on each report (report id → ISO instant), for "waiting on the reporter". */
  lastReporterMail: ReadonlyMap<number, string>;
  failedMessages: readonly DigestMessage[];
  /** Dead and deferred outbox mail. */
  outbox: readonly OutboxListing[];
  teamKey: { fingerprint: string; expiresAt: Date | null } | null;
  pendingKeys: readonly PendingKey[];
  recipientsWithoutKey: readonly string[];
  /** CRA clocks of exploited reports (report id → clocks), when policy.cra is on; empty otherwise. */
  cra: ReadonlyMap<number, CraClocks>;
  /** The previous digest's time; null before the first one (then "new" covers the last day). */
  since: Date | null;
}

export interface DigestContext {
  now: Date;
  timezone: string;
  calendar: Pick<Calendar, 'addBusinessDays'>;
  keyExpiryWarnDays: number;
}

/** Flags intake raises for mail a report got from someone other than its proven author, or with content outside the protection. */
export const THIRD_PARTY_FLAGS = ['reply-from-other-sender', 'unencrypted-parts', 'signature-bad', 'signature-other-signer', 'signature-partial'];
export const SUSPICIOUS_FLAGS = ['ciphertext-replayed'];
export const REPORTER_KEY_FLAGS = ['reporter-key-expiring', 'reporter-key-expired'];
const DAY_MS = 86_400_000;
const REPORT_SECTIONS = ['overdue', 'due', 'disclosures', 'new', 'waiting', 'thirdParty', 'suspicious'] as const;
type ReportSection = (typeof REPORT_SECTIONS)[number];

/** Which flag sections a report's flags put it in (if it is open). */
export const flagSections = (flags: readonly string[]) => ({
  thirdParty: flags.some((f) => THIRD_PARTY_FLAGS.includes(f) || f.startsWith('signature-')),
  suspicious: flags.some((f) => SUSPICIOUS_FLAGS.includes(f)),
  reporterKeys: flags.some((f) => REPORTER_KEY_FLAGS.includes(f)),
});

function reportLine(r: ReportListing): ReportLine {
  const s = reportSummaryJson(r);
  // One line each: a title is reporter input and may hold line breaks, controls or a page of text.
  return { ref: r.ref, title: line(s.title, LIMITS.exportTitleChars), severity: s.severity, status: r.status, assignee: line(r.assignee, LIMITS.maxAssigneeChars), nextDeadline: s.nextDeadline, flags: r.flags };
}

/** A report still asks its reporter for something: the extraction's `missing` list, as stored, is not empty. */
export const asksReporter = (missing: unknown): boolean => Array.isArray(missing) && missing.length > 0;

const cap = <T>(list: T[]): T[] => list.slice(0, LIMITS.digestSectionLines);

/** Where the "new" section starts: the previous digest, or a day back before the first one. */
export const newSince = (since: Date | null, now: Date): Date => since ?? new Date(now.getTime() - DAY_MS);
/** A report whose reporter has been silent since this moment may be "waiting on the reporter". */
export const waitingSince = (now: Date): Date => new Date(now.getTime() - LIMITS.digestWaitingDays * DAY_MS);
/** A next deadline up to this moment is "due". */
export const dueBy = (ctx: Pick<DigestContext, 'now' | 'calendar'>): Date => ctx.calendar.addBusinessDays(ctx.now, LIMITS.digestDueBusinessDays);
/** A disclosure up to this moment is listed under "disclosures". */
export const disclosuresBy = (now: Date): Date => new Date(now.getTime() + LIMITS.digestDisclosureDays * DAY_MS);

/** A report section as the digest shows it: how many reports it holds, and the first `LIMITS.digestSectionLines` in its order. */
export interface ReportSlice<R extends DigestFacts = DigestFacts> {
  count: number;
  first: R[];
}
/** The report sections, and the open reports whose reporter key lapses (each a "keys" line). */
export type ReportSlices<R extends DigestFacts = DigestFacts> = Record<ReportSection | 'reporterKeys', ReportSlice<R>>;

/** What picks the digest once its report sections are cut: by `sliceReports` from reports in memory, or by SQL (digest-send.ts). */
export type SlicedInput = Omit<DigestInput<DigestFacts>, 'reports' | 'lastReporterMail' | 'cra'> & {
  slices: ReportSlices;
  /** The CRA clocks of exploited open reports, in the order of the reports. */
  cra: readonly { r: DigestFacts; clocks: CraClocks }[];
};

/**
 * The digest's rules for reports, applied to every report in `input`: what `digest --print` computes by SQL from the
 * indexes of migration 012 (src/db/digest-sections.ts), and what the tests hold that SQL to.
 */
export function sliceReports<R extends DigestFacts>(input: Pick<DigestInput<R>, 'reports' | 'lastReporterMail' | 'since'>, ctx: DigestContext): ReportSlices<R> {
  const t = ctx.now.getTime();
  const open = input.reports.filter((r) => !isTerminal(r.status));
  const deadline = new Map<number, number | null>();
  const next = (r: DigestFacts): number | null => {
    let at = deadline.get(r.id);
    if (at === undefined) {
      const d = nextDeadline(r.status, r.deadlines);
      deadline.set(r.id, (at = d ? Date.parse(d.at) : null));
    }
    return at;
  };
  const byDeadline = (a: DigestFacts, b: DigestFacts) => (next(a) ?? Date.parse('9999')) - (next(b) ?? Date.parse('9999')) || a.ref.localeCompare(b.ref);
  const byRef = (a: DigestFacts, b: DigestFacts) => a.ref.localeCompare(b.ref);
  const due = dueBy(ctx).getTime();
  const since = newSince(input.since, ctx.now).getTime();
  const cutoff = waitingSince(ctx.now).getTime();
  const missing = (r: DigestFacts) => (r.fields as { missing?: unknown } | null)?.missing;
  const full: Record<keyof ReportSlices, R[]> = {
    overdue: open.filter((r) => (next(r) ?? Infinity) < t),
    due: open.filter((r) => {
      const at = next(r);
      return at !== null && at >= t && at <= due;
    }),
    disclosures: open.filter((r) => {
      const at = r.deadlines?.disclosure ? Date.parse(r.deadlines.disclosure) : NaN;
      return at >= t && at <= disclosuresBy(ctx.now).getTime();
    }),
    new: input.reports.filter((r) => Date.parse(r.receivedAt) >= since),
    waiting: open.filter((r) => BEFORE_FIX.includes(r.status) && asksReporter(missing(r)) && Date.parse(input.lastReporterMail.get(r.id) ?? r.receivedAt) <= cutoff),
    thirdParty: open.filter((r) => flagSections(r.flags).thirdParty),
    suspicious: open.filter((r) => flagSections(r.flags).suspicious),
    reporterKeys: open.filter((r) => flagSections(r.flags).reporterKeys),
  };
  // Deadlines first, then by reference; "new" by reference; the other sections in the order the reports were read.
  const sorted: Partial<Record<keyof ReportSlices, (a: DigestFacts, b: DigestFacts) => number>> = { overdue: byDeadline, due: byDeadline, disclosures: byDeadline, new: byRef };
  return Object.fromEntries(
    Object.entries(full).map(([s, list]) => {
      const order = sorted[s as keyof ReportSlices];
      return [s, { count: list.length, first: order ? firstBy(list, order, LIMITS.digestSectionLines) : cap(list) }];
    }),
  ) as ReportSlices<R>;
}

/**
 * The digest with its report sections still as facts: exact counts, and only the first lines of each section (what the
 * text, the HTML and the JSON show), so a desk of 100,000 open reports needs the listing of a few hundred.
 */
export interface DigestSelection {
  head: Pick<Digest, 'generatedAt' | 'timezone' | 'since' | 'counts'>;
  reports: Record<ReportSection, DigestFacts[]>;
  cra: { r: DigestFacts; clock: CraClock & { dueAt: string } }[];
  rest: Pick<Digest['sections'], 'failed' | 'outbox' | 'keys'>;
}

/** The digest's sections from its report slices and the rest of its input: every count, and the first lines of each. */
export function selectDigest(input: SlicedInput, ctx: DigestContext): DigestSelection {
  const t = ctx.now.getTime();
  const failed = input.failedMessages.map(
    (m): FailedLine => ({ messageId: m.id, capturedAt: m.capturedAt, errorCode: m.errorCode, reason: line(m.error, LIMITS.exportTitleChars), retry: `secintake messages retry ${m.id}` }),
  );
  const outbox = input.outbox
    .filter((o) => o.status === 'dead' || (o.status === 'deferred' && t - Date.parse(o.createdAt) >= LIMITS.digestLongDeferredMs))
    .map((o): OutboxLine => ({ id: o.id, ref: o.reportRef, kind: o.kind, status: o.status, attempts: o.attempts, lastError: line(o.lastError, LIMITS.exportTitleChars), retry: `secintake outbox retry ${o.id}` }));
  const keys = keyLines(input, ctx);
  const cra = input.cra.flatMap(({ r, clocks }) => {
    if (!clocks.obligationApplies) return [];
    return clocks.clocks
      .filter((c): c is CraClock & { dueAt: string } => c.dueAt !== null && (c.state === 'overdue' || (c.hoursLeft ?? Infinity) <= LIMITS.digestCraDueHours))
      .map((clock) => ({ r, clock }));
  });
  const { slices } = input;
  const counts: Record<Section, number> = { ...(Object.fromEntries(REPORT_SECTIONS.map((s) => [s, slices[s].count])) as Record<ReportSection, number>), cra: cra.length, failed: failed.length, outbox: outbox.length, keys: keys.count };
  return {
    head: { generatedAt: formatIso(ctx.now, ctx.timezone), timezone: ctx.timezone, since: input.since ? formatIso(input.since, ctx.timezone) : null, counts: Object.fromEntries(SECTIONS.map((s) => [s, counts[s]])) as Record<Section, number> },
    reports: Object.fromEntries(REPORT_SECTIONS.map((s) => [s, slices[s].first])) as Record<ReportSection, DigestFacts[]>,
    cra: cap(cra),
    rest: { failed: cap(failed), outbox: cap(outbox), keys: cap(keys.lines) },
  };
}

/** The digest, its lines written from each selected report's listing (`listings` holds every report the selection lists). */
export function finishDigest(sel: DigestSelection, listings: ReadonlyMap<number, ReportListing>): Digest {
  const lines = new Map<number, ReportLine>();
  const lineOf = (r: DigestFacts): ReportLine => {
    let l = lines.get(r.id);
    if (!l) lines.set(r.id, (l = reportLine(listings.get(r.id) as ReportListing)));
    return l;
  };
  const reports = Object.fromEntries(REPORT_SECTIONS.map((s) => [s, sel.reports[s].map(lineOf)])) as Record<ReportSection, ReportLine[]>;
  const cra = sel.cra.map(({ r, clock: c }): CraLine => ({ ref: r.ref, title: lineOf(r).title, clock: c.kind, article: c.article, dueAt: c.dueAt, state: c.state, hoursLeft: c.hoursLeft }));
  const { overdue, due, disclosures, waiting, thirdParty, suspicious } = reports;
  return { ...sel.head, sections: { overdue, cra, due, disclosures, new: reports.new, waiting, thirdParty, suspicious, ...sel.rest } };
}

/** The digest of reports read whole (their listings). */
export function composeDigest(input: DigestInput, ctx: DigestContext): Digest {
  const cra = input.reports.flatMap((r) => {
    const clocks = isTerminal(r.status) ? undefined : input.cra.get(r.id);
    return clocks ? [{ r, clocks }] : [];
  });
  return finishDigest(selectDigest({ ...input, slices: sliceReports(input, ctx), cra }, ctx), new Map(input.reports.map((r) => [r.id, r])));
}

/** The key-health lines, with the lapsing reporter keys of the open reports (only the first ones are listed, all are counted). */
function keyLines(input: SlicedInput, ctx: DigestContext): { lines: KeyLine[]; count: number } {
  const t = ctx.now.getTime();
  const iso = (d: Date | string | null) => (d === null ? null : formatIso(new Date(d), ctx.timezone));
  const out: KeyLine[] = [];
  const team = input.teamKey;
  if (team === null) out.push({ problem: 'team-key-expired', subject: 'no valid team key', at: null });
  else if (team.expiresAt !== null && team.expiresAt.getTime() <= t) out.push({ problem: 'team-key-expired', subject: team.fingerprint, at: iso(team.expiresAt) });
  else if (team.expiresAt !== null && team.expiresAt.getTime() - t <= ctx.keyExpiryWarnDays * DAY_MS) {
    out.push({ problem: 'team-key-expiring', subject: team.fingerprint, at: iso(team.expiresAt) });
    // security.txt Expires is capped at the key's expiry (policy/render.ts): the published file lapses with the key.
    out.push({ problem: 'security-txt-expires', subject: 'security.txt', at: iso(team.expiresAt) });
  }
  const reporterKeys = input.slices.reporterKeys;
  for (const r of reporterKeys.first) out.push({ problem: 'reporter-key-expiring', subject: r.ref, at: r.deadlines?.disclosure ?? null });
  // Addresses came in mail: one clean line each, like every other string a digest line carries.
  for (const p of input.pendingKeys) out.push({ problem: 'reporter-key-pending', subject: line(`${p.address} ${p.fingerprint}`, LIMITS.maxAddressLength * 2) ?? p.fingerprint, at: iso(p.since) });
  for (const a of input.recipientsWithoutKey) out.push({ problem: 'recipient-without-key', subject: a, at: null });
  return { lines: out, count: out.length - reporterKeys.first.length + reporterKeys.count };
}

/** The cleartext subject: counts only, nothing from any report (nothing from any report travels outside the encryption). */
export const digestSubject = (d: Digest): string => `[secintake] ${d.counts.overdue} overdue, ${d.counts.due} due, ${d.counts.new} new`;
