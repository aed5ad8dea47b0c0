/** @module The digest service: reads what the digest shows, composes it, and queues one mail per recipient with the day's record in one transaction. */
import type { Config } from '../config/load.js';
import type { Keyring } from '../crypto/keyring.js';
import { readPublicKeys } from '../crypto/pgp.js';
import { chooseReporterKey } from '../crypto/reporter-key.js';
import type { Repos } from '../db/index.js';
import { SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { ComposedMail } from '../mail/compose.js';
import { digest as digestKind } from '../notify/messages/digest.js';
import { digestNotice } from '../notify/messages/digest-notice.js';
import { composeMessage, type Sender } from '../notify/messages/kind.js';
import type { TemplateSet } from '../notify/templates/set.js';
import type { Calendar } from '../policy/calendar.js';
import type { ReportListing } from '../db/reports.js';
import type { CraClocks } from '../policy/cra.js';
import { BEFORE_FIX } from '../policy/flags.js';
import { TERMINAL_STATUSES } from '../policy/status.js';
import { reportCraClocks } from './cra.js';
import { disclosuresBy, dueBy, finishDigest, newSince, selectDigest, waitingSince, type Digest, type ReportSlices } from './digest.js';

export interface DigestDeps {
  repos: Pick<Repos, 'transaction' | 'reports' | 'outbox' | 'keys' | 'digests' | 'events'>;
  config: Pick<Config, 'team' | 'timezone' | 'policy' | 'digest'>;
  keyring: Pick<Keyring, 'current'>;
  calendar: Calendar;
  clock: () => Date;
  /** The digest is written in the team's language (the first of policy.languages). */
  templates: Pick<TemplateSet, 'forTeam'>;
}

type Choice = Awaited<ReturnType<typeof chooseReporterKey>>;

/** Each recipient's usable key, or why there is none (recipient keys only: a reporter's key never receives a digest). */
async function recipientChoices(d: DigestDeps, now: Date): Promise<Map<string, Choice>> {
  const out = new Map<string, Choice>();
  for (const address of d.config.digest.recipients) {
    const keys = (await Promise.all(d.repos.digests.recipientKeys(address).map((k) => readPublicKeys(k.publicKey)))).flat();
    out.set(address, await chooseReporterKey(keys, address, now));
  }
  return out;
}

/**
 * Counts each report section and reads the ids of its first lines from an index range (migration 012), then the
 * listings of only the reports the digest lists: no step reads every open report (issue 13 row 5). The sections are
 * the ones `sliceReports` cuts from reports in memory; the digest tests hold the two to the same result.
 */
function build(d: DigestDeps, now: Date, withoutKey: string[]): Digest {
  const team = d.keyring.current;
  const last = d.repos.digests.last();
  const since = last ? new Date(last.sentAt) : null;
  const ctx = { now, timezone: d.config.timezone, calendar: d.calendar, keyExpiryWarnDays: d.config.policy.key_expiry_warn_days };
  const lines = LIMITS.digestSectionLines;
  const indexed = d.repos.digests.sections({ now, dueBy: dueBy(ctx), disclosuresBy: disclosuresBy(now), since: newSince(since, now), lines });
  const waiting = [...d.repos.digests.waiting(BEFORE_FIX, waitingSince(now)).keys()];
  const sections = { ...indexed, waiting: { count: waiting.length, ids: waiting.slice(0, lines) } };
  const exploited = d.config.policy.cra ? d.repos.digests.exploitedOpen(TERMINAL_STATUSES) : [];
  const listed = [...new Set([...Object.values(sections).flatMap((s) => s.ids), ...exploited])];
  const listings = new Map(d.repos.digests.listings(listed).map((r) => [r.id, r]));
  const of = (id: number) => listings.get(id) as ReportListing;
  const slices = Object.fromEntries(Object.entries(sections).map(([s, { count, ids }]) => [s, { count, first: ids.map(of) }])) as ReportSlices<ReportListing>;
  const selection = selectDigest(
    {
      slices,
      failedMessages: d.repos.digests.failed(LIMITS.digestSectionLines + 1),
      outbox: [...d.repos.outbox.listing({ status: 'dead' }), ...d.repos.outbox.listing({ status: 'deferred' })],
      teamKey: team ? { fingerprint: team.fingerprint, expiresAt: team.expiresAt } : null,
      pendingKeys: d.repos.keys.pending(),
      recipientsWithoutKey: withoutKey,
      cra: craOf(d, exploited.map(of), now),
      since,
    },
    ctx,
  );
  return finishDigest(selection, listings);
}

/** CRA clocks of the exploited open reports, read only when policy.cra is on. */
function craOf(d: DigestDeps, exploited: ReportListing[], now: Date): { r: ReportListing; clocks: CraClocks }[] {
  return exploited.flatMap((r) => {
    const clocks = reportCraClocks(r, d.repos.events.forReport(r.id), d.config.timezone, now);
    return clocks ? [{ r, clocks }] : [];
  });
}

/** The digest as it would go out now (`digest --print`): nothing is sent or recorded. */
export async function currentDigest(d: DigestDeps): Promise<Digest> {
  const now = d.clock();
  const choices = await recipientChoices(d, now);
  return build(d, now, [...choices].filter(([, c]) => !c.ok).map(([a]) => a));
}

export interface DigestSent {
  localDate: string;
  /** False when a digest for the day was already recorded: nothing was queued. */
  queued: boolean;
  encrypted: number;
  notices: number;
  digest: Digest;
}

/**
 * Queues the digest for `localDate`: encrypted to each recipient with a usable key, a signed content-free notice to
 * the others (their addresses are a key-health line in the digest itself). The day's row and the mail commit together,
 * so a crash never sends a day twice nor records a day nothing was sent for. `force`: send even if the day had its digest.
 */
export async function sendDigest(d: DigestDeps, localDate: string, opts: { force?: boolean } = {}): Promise<DigestSent> {
  if (d.config.digest.recipients.length === 0) {
    throw new SecintakeError('E_CONFIG_INVALID', 'digest.recipients is empty: nobody to send the digest to', { hint: 'add team addresses under digest.recipients in the config, or read it with `secintake digest --print`' });
  }
  const team = d.keyring.current;
  if (!team) throw new SecintakeError('E_KEYS_NONE', 'no valid team key to sign the digest with', { hint: 'run `secintake keys status`, then `secintake keys generate --rotate`' });
  const now = d.clock();
  const choices = await recipientChoices(d, now);
  const digest = build(d, now, [...choices].filter(([, c]) => !c.ok).map(([a]) => a));
  const sender: Sender = { from: { name: d.config.team.name, address: d.config.team.address }, teamKey: team, timezone: d.config.timezone, now, words: d.templates.forTeam() };
  const thread = { inReplyTo: null, references: [] };
  const mails: ComposedMail[] = [];
  for (const [to, choice] of choices) {
    mails.push(choice.ok ? await composeMessage(digestKind, { to, thread, reporterKey: choice.key, digest }, sender) : await composeMessage(digestNotice, { to, thread, keyProblem: choice.reason }, sender));
  }
  const last = d.repos.digests.last();
  const queued = d.repos.transaction(() => {
    const recorded = !d.repos.digests.coveredFrom(localDate) && d.repos.digests.record({ localDate, sentAt: now.toISOString(), since: last?.sentAt ?? null, counts: digest.counts });
    // `digest --send` is a person asking for it now: it goes out even on a day that already had its digest.
    if (!recorded && !opts.force) return false;
    for (const m of mails) d.repos.outbox.enqueue(m, null, now);
    d.repos.events.append({ kind: 'digest.queued', data: { localDate, recipients: mails.length, counts: digest.counts } }, now);
    return true;
  });
  const encrypted = queued ? [...choices.values()].filter((c) => c.ok).length : 0;
  return { localDate, queued, encrypted, notices: queued ? mails.length - encrypted : 0, digest };
}
