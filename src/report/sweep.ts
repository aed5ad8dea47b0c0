/** @module What time does to open reports: deadlines follow a changed policy, flags are raised and cleared, due status updates go out. */
import { createHash } from 'node:crypto';
import type * as openpgp from 'openpgp';
import type { Repos } from '../db/index.js';
import { expiryOf, type Keyring } from '../crypto/keyring.js';
import { keysForAddress } from '../crypto/reporter-key.js';
import { loadReporterKeys } from '../crypto/reporter-keyring.js';
import type { ReportListing } from '../db/reports.js';
import { isSecintakeError, SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { computeFlags, FLAGS, nextFlagChange, type Flag, type FlagFacts } from '../policy/flags.js';
import { TERMINAL_STATUSES } from '../policy/status.js';
import { policyMoved, recomputeDeadlines } from './deadlines.js';
import type { StoredDeadlines } from './types.js';
import { composeUpdate, nextUpdateAfter, queueUpdate, type UpdateDeps } from './updates.js';

export interface SweepDeps extends UpdateDeps {
  repos: UpdateDeps['repos'] & Pick<Repos, 'settings'>;
  keyring: Pick<Keyring, 'current'>;
}

export interface SweepSummary {
  raised: number;
  cleared: number;
  updates: number;
}

const POLICY_FLAGS = new Set<string>(FLAGS);

/**
 * Flags and due updates for the open reports whose moment has come (next_due_at: a deadline, a flag threshold, an update
 * due, or a write since the last look), or for every open report when the policy or the team key changed. Safe to run
 * often and after downtime: at most one update per report per sweep. A report whose update cannot be composed (an expired team key, a header we refuse to write) never stops the
 * others: its flags are still recorded, its update stays due, and the sweep ends with one error naming every such report.
 */
export async function sweep(d: SweepDeps): Promise<SweepSummary> {
  const summary: SweepSummary = { raised: 0, cleared: 0, updates: 0 };
  const problems: { ref: string; error: SecintakeError }[] = [];
  const now = d.clock();
  // Parsed only when some report is looked at: the usual sweep at 100,000 reports has none or a few.
  let keys: Promise<openpgp.Key[]> | null = null;
  const team = d.keyring.current;
  // Many reports share a reporter: each address's key expiry is worked out once per sweep.
  const expiries = new Map<string, Promise<{ expiresAt: Date | null } | null>>();
  const reporterKey = (email: string | null) => {
    if (!email) return null;
    keys ??= loadReporterKeys(d.repos);
    const known = expiries.get(email) ?? keys.then((all) => reporterKeyExpiry(all, email));
    expiries.set(email, known);
    return known;
  };
  // Recomputing every report's deadlines costs ~0.5 ms each: done only when the policy differs from the one the
  // last complete sweep checked against (reports recorded since then were computed under the current one).
  const policy = policyFingerprint(d.config);
  const checkPolicy = d.repos.settings.get(POLICY_KEY) !== policy;
  // The team key's expiry moves every open report's key flags at once, and a new key may have none: all are looked at.
  const teamKey = team ? `${team.fingerprint} ${team.expiresAt?.toISOString() ?? 'never'}` : 'none';
  const everyOpen = checkPolicy || d.repos.settings.get(TEAM_KEY_KEY) !== teamKey;
  d.repos.reports.clearClosedDue(TERMINAL_STATUSES, now);
  // Reports with nothing to write get their next moment in batches at the end: one transaction per batch, not per report.
  const settled: { id: number; seen: string | null; next: Date | null }[] = [];
  // When the sweep looks again: the first flag threshold ahead, or the next update (one still due stays due).
  const nextDue = (facts: FlagFacts, nextUpdate: string | null) => {
    const at = [nextFlagChange(facts, now, d.config.policy)?.getTime(), nextUpdate === null ? undefined : Date.parse(nextUpdate)].filter((t) => t !== undefined);
    return at.length === 0 ? null : new Date(Math.min(...at));
  };
  // Open reports only, and of them only what the flags need; a report is read whole only when something is written for it.
  for (const c of d.repos.reports.sweepCandidates(TERMINAL_STATUSES, everyOpen ? undefined : now)) {
    let stored = c.deadlines;
    let seen = c.nextDueAt;
    if (checkPolicy && policyMoved(d, c)) {
      seen = d.repos.transaction(() => {
        recomputeDeadlines(d, d.repos.reports.listingById(c.id) as ReportListing, {}, 'policy changed', now);
        return d.repos.reports.nextDueAt(c.id);
      });
      stored = (d.repos.reports.listingById(c.id) as ReportListing).deadlines as StoredDeadlines;
    }
    const facts: FlagFacts = {
      status: c.status,
      deadlines: stored,
      versionSupported: c.versionSupported,
      encryptionKeyStatus: c.keyStatus,
      teamKey: team ? { expiresAt: team.expiresAt } : null,
      reporterKey: await reporterKey(c.reporterEmail),
      reporterDisclosure: c.reporterDisclosure,
    };
    const flags = computeFlags(facts, now, d.config.policy);
    const due = stored.nextUpdate !== null && new Date(stored.nextUpdate) <= now;
    // The usual look: nothing raised, cleared or due, so no transaction (and no fsync) for this report alone.
    if (!due && sameFlags(c.flags, flags)) {
      const next = nextDue(facts, stored.nextUpdate);
      if ((next?.toISOString() ?? null) !== seen) settled.push({ id: c.id, seen, next });
      continue;
    }
    const r = d.repos.reports.listingById(c.id) as ReportListing;
    let draft: Awaited<ReturnType<typeof composeUpdate>> = null;
    let composed = true;
    if (due) {
      try {
        draft = await composeUpdate(d, r, { status: r.status, reason: r.statusReason, deadlines: stored, patchDate: r.patchDate }, now);
      } catch (e) {
        // Expected and about this report (or the team key): the others go on. A bug, or a database outage, ends the sweep.
        if (!isSecintakeError(e) || e.transient) throw e;
        problems.push({ ref: r.ref, error: e });
        composed = false;
      }
    }
    d.repos.transaction(() => {
      // Another process wrote the report since it was read (a set-status): its mark stands, the next sweep looks again.
      const untouched = d.repos.reports.nextDueAt(r.id) === seen;
      const settle = (nextUpdate: string | null) => {
        if (untouched) d.repos.reports.settleDue([{ id: r.id, seen: d.repos.reports.nextDueAt(r.id), next: nextDue(facts, nextUpdate) }]);
      };
      const fresh = d.repos.reports.listingById(r.id) as ReportListing;
      const raised = flags.filter((f) => !fresh.flags.includes(f));
      const cleared = fresh.flags.filter((f) => POLICY_FLAGS.has(f) && !flags.includes(f as Flag));
      if (raised.length + cleared.length > 0) d.repos.reports.replaceFlags(r.id, [...fresh.flags.filter((f) => !POLICY_FLAGS.has(f)), ...flags], now);
      for (const flag of raised) d.repos.events.append({ reportId: r.id, kind: 'flag.raised', data: { flag } }, now);
      for (const flag of cleared) d.repos.events.append({ reportId: r.id, kind: 'flag.cleared', data: { flag } }, now);
      summary.raised += raised.length;
      summary.cleared += cleared.length;
      if (!due || !composed) return settle(stored.nextUpdate);
      // The draft was composed from the row read before the await: if the status or the schedule moved since (a
      // set-status, another sweep), it describes a report that no longer exists; the next sweep composes from this one.
      if (fresh.status !== r.status || fresh.deadlines?.nextUpdate !== stored.nextUpdate) return;
      if (draft) {
        queueUpdate(d, fresh, draft, now);
        summary.updates++;
      }
      const nextUpdate = nextUpdateAfter(d, fresh, fresh.status, draft ? now : null);
      d.repos.reports.setPolicy(r.id, { deadlines: { ...stored, nextUpdate }, patchDate: fresh.patchDate, exploited: fresh.exploited }, now);
      settle(nextUpdate);
    });
  }
  for (let i = 0; i < settled.length; i += LIMITS.sweepSettleBatch) {
    const batch = settled.slice(i, i + LIMITS.sweepSettleBatch);
    d.repos.transaction(() => d.repos.reports.settleDue(batch));
  }
  d.repos.settings.set(POLICY_KEY, policy);
  d.repos.settings.set(TEAM_KEY_KEY, teamKey);
  const first = problems[0];
  if (first) {
    throw new SecintakeError(first.error.code, `sweep: no status update could be composed for ${problems.map((p) => `${p.ref} (${p.error.code})`).join(', ')}; flags were recorded, the updates stay due: ${first.error.message}`, {
      cause: first.error,
      hint: first.error.hint ?? 'fix the cause; the next sweep sends the updates that are due',
    });
  }
  return summary;
}

const POLICY_KEY = 'sweep.policy';
/** The team key (fingerprint and expiry) the last complete sweep flagged every open report against. */
const TEAM_KEY_KEY = 'sweep.team-key';

/** What deadlines are computed from: the policy section and the zone its business days are counted in. */
const policyFingerprint = (config: SweepDeps['config']) => createHash('sha256').update(JSON.stringify([config.policy, config.timezone])).digest('hex');

/** The policy flags of `stored` are exactly `computed` (the transaction re-reads and decides; this only skips it). */
function sameFlags(stored: readonly string[], computed: readonly Flag[]): boolean {
  const policy = stored.filter((f) => POLICY_FLAGS.has(f));
  return policy.length === computed.length && computed.every((f) => policy.includes(f));
}

/** Expiry of the newest key for the address (valid or not), so an expired key raises reporter-key-expired. */
async function reporterKeyExpiry(keys: openpgp.Key[], email: string | null): Promise<{ expiresAt: Date | null } | null> {
  if (!email) return null;
  const newest = keysForAddress(keys, email)[0];
  return newest ? { expiresAt: await expiryOf(newest) } : null;
}
