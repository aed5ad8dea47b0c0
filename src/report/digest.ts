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
const THIRD_PARTY_FLAGS = ['reply-from-other-sender', 'unencrypted-parts', 'signature-bad', 'signature-other-signer', 'signature-partial'];
const SUSPICIOUS_FLAGS = ['ciphertext-replayed'];
const DAY_MS = 86_400_000;
const REPORT_SECTIONS = ['overdue', 'due', 'disclosures', 'new', 'waiting', 'thirdParty', 'suspicious'] as const;
type ReportSection = (typeof REPORT_SECTIONS)[number];

function reportLine(r: ReportListing): ReportLine {
  const s = reportSummaryJson(r);
  // One line each: a title is reporter input and may hold line breaks, controls or a page of text.
  return { ref: r.ref, title: line(s.title, LIMITS.exportTitleChars), severity: s.severity, status: r.status, assignee: line(r.assignee, LIMITS.maxAssigneeChars), nextDeadline: s.nextDeadline, flags: r.flags };
}

const missingFields = (r: DigestFacts): unknown[] => {
  const missing = (r.fields as { missing?: unknown } | null)?.missing;
  return Array.isArray(missing) ? missing : [];
};

const cap = <T>(list: T[]): T[] => list.slice(0, LIMITS.digestSectionLines);

/**
 * The first `k` of `list` in `order`, exactly as a (stable) sort then a slice gives them, ties in list order, without
 * sorting the rest: a section of 100,000 reports lists 50, and most of them cost one comparison.
 */
export function firstBy<T>(list: readonly T[], order: (a: T, b: T) => number, k: number): T[] {
  const out: T[] = [];
  for (const x of list) {
    if (out.length === k && (k === 0 || order(x, out[k - 1] as T) >= 0)) continue;
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order(out[mid] as T, x) <= 0) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, x);
    if (out.length > k) out.pop();
  }
  return out;
}

/** Where the "new" section starts: the previous digest, or a day back before the first one. */
export const newSince = (since: Date | null, now: Date): Date => since ?? new Date(now.getTime() - DAY_MS);
/** A report whose reporter has been silent since this moment may be "waiting on the reporter". */
export const waitingSince = (now: Date): Date => new Date(now.getTime() - LIMITS.digestWaitingDays * DAY_MS);

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

export function selectDigest<R extends DigestFacts>(input: DigestInput<R>, ctx: DigestContext): DigestSelection {
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
  const pick = (test: (r: R) => boolean) => open.filter(test);
  const dueBy = ctx.calendar.addBusinessDays(ctx.now, LIMITS.digestDueBusinessDays).getTime();
  const since = newSince(input.since, ctx.now).getTime();

  const byRef = (a: DigestFacts, b: DigestFacts) => a.ref.localeCompare(b.ref);
  const overdue = pick((r) => (next(r) ?? Infinity) < t);
  const due = pick((r) => {
    const at = next(r);
    return at !== null && at >= t && at <= dueBy;
  });
  const disclosures = pick((r) => {
    const at = r.deadlines?.disclosure ? Date.parse(r.deadlines.disclosure) : NaN;
    return at >= t && at - t <= LIMITS.digestDisclosureDays * DAY_MS;
  });
  const fresh = input.reports.filter((r) => Date.parse(r.receivedAt) >= since);
  const waiting = pick((r) => {
    const last = Date.parse(input.lastReporterMail.get(r.id) ?? r.receivedAt);
    return BEFORE_FIX.includes(r.status) && missingFields(r).length > 0 && last <= waitingSince(ctx.now).getTime();
  });
  const thirdParty = pick((r) => r.flags.some((f) => THIRD_PARTY_FLAGS.includes(f) || f.startsWith('signature-')));
  const suspicious = pick((r) => r.flags.some((f) => SUSPICIOUS_FLAGS.includes(f)));
  const failed = input.failedMessages.map(
    (m): FailedLine => ({ messageId: m.id, capturedAt: m.capturedAt, errorCode: m.errorCode, reason: line(m.error, LIMITS.exportTitleChars), retry: `secintake messages retry ${m.id}` }),
  );
  const outbox = input.outbox
    .filter((o) => o.status === 'dead' || (o.status === 'deferred' && t - Date.parse(o.createdAt) >= LIMITS.digestLongDeferredMs))
    .map((o): OutboxLine => ({ id: o.id, ref: o.reportRef, kind: o.kind, status: o.status, attempts: o.attempts, lastError: line(o.lastError, LIMITS.exportTitleChars), retry: `secintake outbox retry ${o.id}` }));
  const keys = keyLines(input, open, ctx);
  const cra = open.flatMap((r) => {
    const clocks = input.cra.get(r.id);
    if (!clocks?.obligationApplies) return [];
    return clocks.clocks
      .filter((c): c is CraClock & { dueAt: string } => c.dueAt !== null && (c.state === 'overdue' || (c.hoursLeft ?? Infinity) <= LIMITS.digestCraDueHours))
      .map((clock) => ({ r, clock }));
  });

  // Deadlines first, then by reference; "new" by reference; the other sections in the order the reports were read.
  const sorted: Partial<Record<ReportSection, (a: DigestFacts, b: DigestFacts) => number>> = { overdue: byDeadline, due: byDeadline, disclosures: byDeadline, new: byRef };
  const full = { overdue, cra, due, disclosures, new: fresh, waiting, thirdParty, suspicious, failed, outbox, keys };
  const counts = Object.fromEntries(SECTIONS.map((s) => [s, full[s].length])) as Record<Section, number>;
  return {
    head: { generatedAt: formatIso(ctx.now, ctx.timezone), timezone: ctx.timezone, since: input.since ? formatIso(input.since, ctx.timezone) : null, counts },
    reports: Object.fromEntries(
      REPORT_SECTIONS.map((s) => {
        const order = sorted[s];
        return [s, order ? firstBy<DigestFacts>(full[s], order, LIMITS.digestSectionLines) : cap<DigestFacts>(full[s])];
      }),
    ) as Record<ReportSection, DigestFacts[]>,
    cra: cap(cra),
    rest: { failed: cap(failed), outbox: cap(outbox), keys: cap(keys) },
  };
}

/** The reports whose listing the selection's lines show. */
export const selectedReports = (sel: DigestSelection): number[] => [...new Set([...REPORT_SECTIONS.flatMap((s) => sel.reports[s]), ...sel.cra.map((c) => c.r)].map((r) => r.id))];

/** The digest, its lines written from each selected report's listing (`listings` holds at least `selectedReports(sel)`). */
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
export const composeDigest = (input: DigestInput, ctx: DigestContext): Digest => finishDigest(selectDigest(input, ctx), new Map(input.reports.map((r) => [r.id, r])));

function keyLines(input: DigestInput<DigestFacts>, open: readonly DigestFacts[], ctx: DigestContext): KeyLine[] {
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
  for (const r of open) if (r.flags.includes('reporter-key-expiring') || r.flags.includes('reporter-key-expired')) out.push({ problem: 'reporter-key-expiring', subject: r.ref, at: r.deadlines?.disclosure ?? null });
  // Addresses came in mail: one clean line each, like every other string a digest line carries.
  for (const p of input.pendingKeys) out.push({ problem: 'reporter-key-pending', subject: line(`${p.address} ${p.fingerprint}`, LIMITS.maxAddressLength * 2) ?? p.fingerprint, at: iso(p.since) });
  for (const a of input.recipientsWithoutKey) out.push({ problem: 'recipient-without-key', subject: a, at: null });
  return out;
}

/** The cleartext subject: counts only, nothing from any report (nothing from any report travels outside the encryption). */
export const digestSubject = (d: Digest): string => `[secintake] ${d.counts.overdue} overdue, ${d.counts.due} due, ${d.counts.new} new`;
