/** @module Drains the outbox: sends due mail, retries transient failures with doubling backoff and jitter, gives up on repeated refusals, limits mail per recipient. */
import type { Logger } from 'pino';
import { isDbUnavailable } from '../db/errors.js';
import type { EventsRepo } from '../db/events.js';
import type { OutboxMail, OutboxRepo } from '../db/outbox.js';
import { errorMessage, isSecintakeError, SecintakeError } from '../errors.js';
import { failpoint } from '../failpoint.js';
import { LIMITS } from '../limits.js';
import type { Transport } from '../mail/transports/index.js';

export interface DrainDeps {
  outbox: OutboxRepo;
  events: EventsRepo;
  transport: Transport;
  envelopeFrom: string;
  /** host:pid, written on each claim so the lease holder can tell a crashed sender's mail from a live one's. */
  claimant: string;
  clock: () => Date;
  log: Logger;
  /** Runs a state change and its event in one transaction. */
  transaction: (fn: () => void) => void;
  random?: () => number;
  /** Raised at shutdown: the mail in hand finishes (or hits its deadline), no further mail is taken. */
  signal?: AbortSignal;
  /** One send's deadline; tests shorten it. */
  sendDeadlineMs?: number;
  /**
   * Mail the server accepted whose mark could not be written (a full disk): kept by the process that sent it and
   * marked first at its next drain, so the running daemon repairs it instead of sending it again.
   */
  unmarked?: Map<number, Date>;
}

export interface DrainSummary {
  sent: number;
  deferred: number;
  dead: number;
}

/** Delay before attempt n+1: doubling from the minimum, capped, with jitter so a deferred queue never comes due at once. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(LIMITS.outboxBackoffMinMs * 2 ** Math.max(0, attempts - 1), LIMITS.outboxBackoffMaxMs);
  return Math.round(base * (0.75 + random() * 0.5));
}

export async function drainOutbox(d: DrainDeps): Promise<DrainSummary> {
  const summary: DrainSummary = { sent: 0, deferred: 0, dead: 0 };
  for (const [id, at] of d.unmarked ?? []) {
    const mail = d.outbox.get(id);
    if (mail) markSent(d, mail, at);
    d.unmarked?.delete(id);
    summary.sent++;
  }
  for (;;) {
    const due = d.signal?.aborted ? [] : d.outbox.due(d.clock());
    if (due.length === 0) return summary;
    for (const mail of due) {
      if (d.signal?.aborted) return summary;
      if (!d.outbox.claim(mail.id, d.clock(), d.claimant)) continue;
      const result = await sendOne(d, mail);
      summary[result]++;
    }
  }
}

async function sendOne(d: DrainDeps, mail: OutboxMail): Promise<keyof DrainSummary> {
  const now = d.clock();
  const limited = rateLimitedUntil(d, mail, now);
  if (limited) {
    d.outbox.markDeferred(mail.id, limited, 'per-recipient rate limit', false);
    d.events.append({ reportId: mail.reportId, kind: 'outbox.rate-limited', data: { outboxId: mail.id, until: limited.toISOString() } }, now);
    return 'deferred';
  }
  try {
    const sending = d.transport.send({ messageId: mail.messageId, envelopeFrom: d.envelopeFrom, recipients: mail.recipients, raw: mail.raw });
    failpoint('mid-send');
    await withDeadline(sending, d.sendDeadlineMs ?? LIMITS.sendDeadlineMs);
    failpoint('after-send-before-mark');
  } catch (e) {
    const transient = !isSecintakeError(e) || e.transient;
    const attempts = mail.attempts + 1;
    const permanentFailures = transient ? 0 : attempts;
    const reason = errorMessage(e);
    if (attempts >= LIMITS.outboxMaxAttempts || permanentFailures >= LIMITS.outboxMaxPermanentFailures) {
      d.transaction(() => {
        d.outbox.markDead(mail.id, now, reason);
        d.events.append({ reportId: mail.reportId, kind: 'outbox.dead', data: { outboxId: mail.id, attempts, reason } }, now);
      });
      d.log.error({ outbox: mail.id, attempts }, 'outgoing mail given up (dead)');
      return 'dead';
    }
    const next = new Date(now.getTime() + backoffMs(attempts, d.random));
    d.transaction(() => {
      d.outbox.markDeferred(mail.id, next, reason);
      d.events.append({ reportId: mail.reportId, kind: 'outbox.deferred', data: { outboxId: mail.id, attempts, next: next.toISOString(), reason } }, now);
    });
    d.log.warn({ outbox: mail.id, attempts, transient, next: next.toISOString() }, 'outgoing mail deferred');
    return 'deferred';
  }
  const sentAt = d.clock();
  try {
    markSent(d, mail, sentAt);
  } catch (e) {
    if (isDbUnavailable(e)) d.unmarked?.set(mail.id, sentAt);
    throw e;
  }
  return 'sent';
}

function markSent(d: DrainDeps, mail: OutboxMail, at: Date) {
  d.transaction(() => {
    d.outbox.markSent(mail.id, at);
    d.events.append({ reportId: mail.reportId, kind: 'outbox.sent', data: { outboxId: mail.id, kind: mail.kind, messageId: mail.messageId } }, at);
  });
  d.log.info({ outbox: mail.id, kind: mail.kind }, 'outgoing mail sent');
}

/**
 * A peer that accepts and then stalls would hold the drain (and its claim) forever; past the deadline the send counts as
 * a transient failure. The transport's own socket timeout is shorter, so this is the backstop, not the usual path.
 */
function withDeadline(send: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SecintakeError('E_SMTP', `no answer from the SMTP server within ${ms / 1000} s`, { transient: true, hint: 'check transport.smtp; the mail stays queued and is retried with backoff' })), ms);
  });
  return Promise.race([send, deadline]).finally(() => clearTimeout(timer));
}

function rateLimitedUntil(d: DrainDeps, mail: OutboxMail, now: Date): Date | null {
  for (const r of mail.recipients) {
    const recent = d.outbox.sentTo(r, new Date(now.getTime() - LIMITS.outboxRateWindowMs));
    const oldest = recent[0];
    if (recent.length >= LIMITS.outboxPerRecipientPerHour && oldest) return new Date(oldest.getTime() + LIMITS.outboxRateWindowMs);
  }
  return null;
}
