/** @module Status updates to the reporter: composed at most once a day, queued with their event, and when the next one is due. */
import type { Repos } from '../db/index.js';
import type { ReportListing } from '../db/reports.js';
import type { OutboxDraft } from '../db/outbox.js';
import { loadPinnedKeys } from '../crypto/reporter-keyring.js';
import { LIMITS } from '../limits.js';
import type { Notifier } from '../notify/acknowledge.js';
import { nextUpdate, type Deadlines } from '../policy/deadlines.js';
import { isTerminal } from '../policy/status.js';
import type { DeadlineDeps } from './deadlines.js';
import type { ReportStatus } from './types.js';

export interface UpdateDeps extends DeadlineDeps {
  repos: Pick<Repos, 'transaction' | 'reports' | 'events' | 'messages' | 'outbox' | 'keys'>;
  notifier: Pick<Notifier, 'statusUpdate'>;
  clock: () => Date;
}

export interface UpdateFacts {
  status: string;
  reason: string | null;
  deadlines: Deadlines;
  patchDate: string | null;
}

/** Composes the update now if none went out in the last day; otherwise (null) the sweep sends it when the day is over. */
export async function composeUpdate(d: UpdateDeps, r: ReportListing, facts: UpdateFacts, now: Date): Promise<OutboxDraft | null> {
  const recent = r.lastUpdateAt !== null && now.getTime() - new Date(r.lastUpdateAt).getTime() < LIMITS.minUpdateSpacingMs;
  if (recent || !r.reporterEmail) return null;
  const original = d.repos.messages.get(r.messageId);
  // Updates speak the report's language, as its acknowledgement did (extraction's `language` field).
  const language = (r.fields as { language?: { value?: unknown } } | null)?.language?.value;
  return d.notifier.statusUpdate({
    ref: r.ref,
    to: r.reporterEmail,
    subject: r.subject,
    inReplyTo: original?.messageId ?? null,
    candidateKeys: await loadPinnedKeys(d.repos, r.reporterEmail),
    facts,
    language: typeof language === 'string' ? language : null,
  });
}

/** When the next update is due: none once terminal; update_interval_days after one sent now; the next day after one deferred. */
export function nextUpdateAfter(d: UpdateDeps, r: ReportListing, status: string, sentAt: Date | null): string | null {
  if (isTerminal(status as ReportStatus)) return null;
  const zone = { timezone: d.config.timezone };
  if (sentAt) return nextUpdate(sentAt, d.config.policy.update_interval_days, zone);
  return nextUpdate(new Date(new Date(r.lastUpdateAt ?? r.receivedAt).getTime() + LIMITS.minUpdateSpacingMs), 0, zone);
}

/** Queues a composed update with its event and remembers when it went out. Inside a transaction. */
export function queueUpdate(d: UpdateDeps, r: ReportListing, draft: OutboxDraft, at: Date): void {
  const outboxId = d.repos.outbox.enqueue(draft, r.id, at);
  d.repos.reports.setLastUpdate(r.id, at);
  d.repos.events.append({ reportId: r.id, kind: 'outbox.queued', data: { outboxId, kind: draft.kind, messageId: draft.messageId } }, at);
}
