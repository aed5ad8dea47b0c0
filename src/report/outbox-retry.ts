/** @module The team sends outgoing mail again: a dead or deferred mail goes back to the queue now, with an `outbox.retry` event. */
import type { Database } from 'better-sqlite3';
import type { EventsRepo } from '../db/events.js';
import { RETRYABLE, type OutboxListing, type OutboxRepo } from '../db/outbox.js';
import { SecintakeError } from '../errors.js';

export interface OutboxRetryDeps {
  db: Database;
  outbox: OutboxRepo;
  events: EventsRepo;
  clock: () => Date;
}

const WHY_NOT: Record<string, string> = {
  sent: 'it was sent already; a second copy would reach the reporter twice',
  queued: 'it is queued already and goes out with the next drain',
  active: 'it is being sent right now',
};

export function retryOutbox(d: OutboxRetryDeps, id: number): { id: number; from: OutboxListing['status']; mail: OutboxListing } {
  return d.db.transaction(() => {
    const before = d.outbox.listingById(id);
    if (!before) throw new SecintakeError('E_OUTBOX_NOT_FOUND', `no outgoing mail ${id}`, { hint: 'see `secintake outbox list` for the ids' });
    const at = d.clock();
    if (!d.outbox.retry(id, at)) {
      throw new SecintakeError('E_OUTBOX_NOT_RETRYABLE', `outgoing mail ${id} is ${before.status}: ${WHY_NOT[before.status] ?? 'it cannot be retried'}`, {
        hint: `only ${RETRYABLE.join(' or ')} mail can be retried; see \`secintake outbox list --status dead\``,
      });
    }
    d.events.append({ reportId: before.reportId, kind: 'outbox.retry', data: { outboxId: id, from: before.status, attempts: before.attempts, lastError: before.lastError } }, at);
    return { id, from: before.status, mail: d.outbox.listingById(id) as OutboxListing };
  }).immediate();
}
