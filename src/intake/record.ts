/** @module Writes what processing decided: one transaction per message outcome (duplicate, automated, failed, reply, new report), with its events and queued mail. */
import type { Logger } from 'pino';
import type { PinDecision, ReporterKeyCache } from '../crypto/reporter-keyring.js';
import type { SeenCiphertext } from '../db/ciphertexts.js';
import type { UnwrapStatus } from '../crypto/unwrap.js';
import type { Repos } from '../db/index.js';
import type { CapturedMessage, StoredMessage } from '../db/messages.js';
import type { OutboxDraft } from '../db/outbox.js';
import type { Address } from '../mail/address.js';
import type { Deadlines } from '../policy/deadlines.js';
import { nextUpdate } from '../policy/deadlines.js';
import { recomputeDeadlines, type DeadlineDeps } from '../report/deadlines.js';
import type { Automated, Classification } from './classify.js';
import type { Extraction } from './extract/index.js';
import { NOT_ENCRYPTED, NOT_SIGNED, type MessageOutcome } from './outcome.js';
import { attachmentsOf, initialFlags, statusOf, type Unwrapped } from './report-input.js';

export interface RecordDeps {
  repos: Repos;
  clock: () => Date;
  log: Logger;
  reporterKeys: Pick<ReporterKeyCache, 'learn'>;
  /** A reply reporting exploitation moves the disclosure deadline. */
  deadlines: DeadlineDeps;
  timezone: string;
  /** policy.update_interval_days: the first status update is due this long after receipt. */
  updateIntervalDays: number;
}

/** The acknowledgement decided for a new report: queued with it, or suppressed with the reason (an event says which). */
export type AckPlan = { deadlines: Deadlines } & ({ draft: OutboxDraft; encrypted: boolean } | { suppressed: string });

export interface NewReportDecision {
  year: number;
  /** The reference the acknowledgement names. */
  ref: string;
  plan: AckPlan;
  extraction: Extraction;
  from: Address | null;
  keys: PinDecision[];
}

/** `ref-taken`: another process took the reference the acknowledgement was composed for; nothing was written, compose again. */
export type ReportRecorded = { kind: 'recorded'; outcome: MessageOutcome } | { kind: 'ref-taken' };

export function createRecorder(deps: RecordDeps) {
  const { repos, log } = deps;

  /**
   * Writes the outcome in one transaction, unless another process already finished this message. Crash-safe, not
   * fsync'd: what it queues is sent only after the outbox claim's fsync'd commit, which makes this one durable too; a
   * power loss before that leaves the message captured, processed again on restart (connection.ts, Durability).
   */
  function finishOnce(m: CapturedMessage, write: (at: Date) => MessageOutcome): MessageOutcome {
    return repos.transaction(() => {
      const current = repos.messages.stored(m.id);
      if (current && current.state !== 'captured') return storedOutcome(current);
      return write(deps.clock());
    }, 'crash-safe');
  }

  function storedOutcome(m: StoredMessage): MessageOutcome {
    const unwrapped = (m.unwrap ?? {}) as Partial<UnwrapStatus>;
    return {
      messageId: m.messageId,
      outcome: m.outcome ?? 'failed',
      reportRef: m.reportId === null ? null : (repos.reports.listingById(m.reportId)?.ref ?? null),
      decryption: unwrapped.decryption ?? NOT_ENCRYPTED,
      signature: unwrapped.signature ?? NOT_SIGNED,
      error: m.error,
    };
  }

  const reread = (m: CapturedMessage) => storedOutcome(repos.messages.stored(m.id) as StoredMessage);

  function flag(reportId: number, flagName: string, messageId: number, at: Date) {
    if (repos.reports.addFlag(reportId, flagName, at)) repos.events.append({ reportId, messageId, kind: 'flag.raised', data: { flag: flagName } }, at);
  }

  /** Keys and their pins; a key that now waits for approval flags the report it came with. */
  function learnKeys(keys: PinDecision[], m: CapturedMessage, reportId: number, at: Date) {
    const pending = deps.reporterKeys.learn(keys, m.id, at);
    if (pending.length > 0) {
      flag(reportId, 'reporter-key-changed', m.id, at);
      repos.events.append({ reportId, messageId: m.id, kind: 'key.pending', data: { addresses: pending, fingerprints: keys.filter((k) => k.state === 'pending').map((k) => k.learned.fingerprint) } }, at);
    }
  }

  return {
    duplicate(m: CapturedMessage, originalId: number): MessageOutcome {
      return finishOnce(m, (at) => {
        const original = repos.messages.stored(originalId);
        repos.messages.finish(m.id, { state: 'processed', outcome: 'duplicate', duplicateOf: originalId, reportId: original?.reportId ?? null, unwrap: original?.unwrap }, at);
        repos.events.append({ reportId: original?.reportId ?? null, messageId: m.id, kind: 'message.duplicate', data: { duplicateOf: originalId } }, at);
        return reread(m);
      });
    },

    automated(m: CapturedMessage, c: Automated, reportId: number | null): MessageOutcome {
      return finishOnce(m, (at) => {
        repos.messages.finish(m.id, { state: 'processed', outcome: c.kind, reportId }, at);
        repos.events.append({ reportId, messageId: m.id, kind: `message.${c.kind}`, data: { reason: c.reason } }, at);
        return reread(m);
      });
    },

    failed(m: CapturedMessage, code: string, reason: string, status: UnwrapStatus | null, answer: OutboxDraft | null = null): MessageOutcome {
      log.warn({ message: m.id, code }, 'message failed; raw bytes kept');
      return finishOnce(m, (at) => {
        const unwrapStatus = status && { decryption: status.decryption, signature: status.signature, encryption: status.encryption };
        repos.messages.finish(m.id, { state: 'failed', outcome: 'failed', errorCode: code, error: reason, unwrap: unwrapStatus ?? undefined }, at);
        repos.events.append({ messageId: m.id, kind: 'message.failed', data: { code, reason } }, at);
        if (answer) {
          const outboxId = repos.outbox.enqueue(answer, null, at);
          repos.events.append({ messageId: m.id, kind: 'outbox.queued', data: { outboxId, kind: answer.kind, messageId: answer.messageId } }, at);
        }
        return reread(m);
      });
    },

    /** The reporter's own mail on their report: its attachments join the report, its keys are learned, its facts count. */
    reply(m: CapturedMessage, c: Extract<Classification, { kind: 'reply' }>, r: Unwrapped, keys: PinDecision[], exploited: boolean): MessageOutcome {
      return finishOnce(m, (at) => {
        repos.messages.finish(m.id, { state: 'processed', outcome: 'reply', reportId: c.reportId, unwrap: statusOf(r) }, at);
        const report = repos.reports.listingById(c.reportId);
        repos.ciphertexts.record(r.value.ciphertexts, m.id, report?.reporterEmail ?? null, at);
        repos.reports.addAttachments(c.reportId, m.id, attachmentsOf(r));
        learnKeys(keys, m, c.reportId, at);
        if (exploited && report && !report.exploited) {
          recomputeDeadlines(deps.deadlines, report, { exploited: true }, 'exploitation in the wild reported in a reply', at);
        }
        repos.events.append(
          {
            reportId: c.reportId,
            messageId: m.id,
            kind: 'report.reply',
            data: { via: c.via, fromReporter: true, subject: r.value.subject, text: r.value.text, unencryptedParts: r.value.unencryptedParts, ...statusOf(r) },
          },
          at,
        );
        return reread(m);
      });
    },

    /** Someone else's mail on a report: kept for the team, flagged; it moves no deadline and no status, and teaches no key. */
    thirdParty(m: CapturedMessage, reportId: number, r: Unwrapped, why: string): MessageOutcome {
      return finishOnce(m, (at) => {
        repos.messages.finish(m.id, { state: 'processed', outcome: 'third-party', reportId, unwrap: statusOf(r) }, at);
        repos.ciphertexts.record(r.value.ciphertexts, m.id, null, at);
        flag(reportId, 'reply-from-other-sender', m.id, at);
        const attachments = r.value.attachments.map((a) => ({ name: a.name, contentType: a.contentType, size: a.content.length }));
        repos.events.append(
          { reportId, messageId: m.id, kind: 'report.third-party', data: { why, subject: r.value.subject, text: r.value.text, attachments, unencryptedParts: r.value.unencryptedParts, ...statusOf(r) } },
          at,
        );
        return reread(m);
      });
    },

    /** Someone else's ciphertext sent again: recorded and flagged on the report it belongs to, never a report, never answered. */
    replay(m: CapturedMessage, seen: SeenCiphertext, r: Unwrapped): MessageOutcome {
      return finishOnce(m, (at) => {
        const originalReport = repos.messages.stored(seen.messageId)?.reportId ?? null;
        repos.messages.finish(m.id, { state: 'processed', outcome: 'replay', duplicateOf: seen.messageId, unwrap: statusOf(r) }, at);
        repos.events.append({ reportId: originalReport, messageId: m.id, kind: 'message.replay', data: { original: seen.messageId } }, at);
        if (originalReport !== null) flag(originalReport, 'ciphertext-replayed', m.id, at);
        log.warn({ message: m.id, original: seen.messageId }, 'a ciphertext seen before arrived again from another sender: recorded as a replay');
        return reread(m);
      });
    },

    /** Records the report under the reference its acknowledgement names, or nothing (`ref-taken`) if another process took it. */
    report(m: CapturedMessage, r: Unwrapped, d: NewReportDecision): ReportRecorded {
      let taken = false;
      const outcome = finishOnce(m, (at) => {
        if (repos.reports.peekNextRef(d.year) !== d.ref) {
          taken = true;
          return storedOutcome(m);
        }
        const receivedAt = new Date(m.capturedAt);
        const { id, ref } = repos.reports.insert(
          {
            messageId: m.id,
            receivedAt,
            year: d.year,
            subject: r.value.subject,
            reporterEmail: d.from?.address ?? null,
            reporterName: d.from?.name ?? null,
            bodyText: r.value.text,
            bodyHtml: r.value.html,
            encryption: r.encryption,
            signature: r.signature,
            fields: d.extraction,
            deadlines: { ...d.plan.deadlines, nextUpdate: nextUpdate(receivedAt, deps.updateIntervalDays, { timezone: deps.timezone }) },
            flags: initialFlags(r, d.extraction, d.from),
            unencryptedParts: r.value.unencryptedParts,
            exploited: d.extraction.exploitedInTheWild.value,
            attachments: attachmentsOf(r),
          },
          at,
        );
        repos.messages.finish(m.id, { state: 'processed', outcome: 'new-report', reportId: id, unwrap: statusOf(r) }, at);
        repos.ciphertexts.record(r.value.ciphertexts, m.id, d.from?.address ?? null, at);
        learnKeys(d.keys, m, id, at);
        repos.events.append({ reportId: id, messageId: m.id, kind: 'report.received', data: { ref, ...statusOf(r) } }, at);
        if ('draft' in d.plan) {
          const outboxId = repos.outbox.enqueue(d.plan.draft, id, at);
          repos.events.append({ reportId: id, kind: 'outbox.queued', data: { outboxId, kind: d.plan.draft.kind, messageId: d.plan.draft.messageId, encrypted: d.plan.encrypted } }, at);
        } else {
          repos.events.append({ reportId: id, kind: 'ack.suppressed', data: { reason: d.plan.suppressed } }, at);
        }
        log.info({ message: m.id, report: ref, encrypted: r.encryption.encrypted, signature: r.signature.status }, 'new report');
        return reread(m);
      });
      return taken ? { kind: 'ref-taken' } : { kind: 'recorded', outcome };
    },
  };
}

export type Recorder = ReturnType<typeof createRecorder>;
