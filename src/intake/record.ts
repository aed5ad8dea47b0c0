/** @module Writes what processing decided: one transaction per message outcome (duplicate, automated, failed, reply, new report), with its events and queued mail. */
import type { Logger } from 'pino';
import type { ReporterKeyCache, LearnedKey } from '../crypto/reporter-keyring.js';
import type { UnwrapStatus } from '../crypto/unwrap.js';
import type { Repos } from '../db/index.js';
import type { CapturedMessage } from '../db/messages.js';
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
  keys: LearnedKey[];
}

/** `ref-taken`: another process took the reference the acknowledgement was composed for; nothing was written, compose again. */
export type ReportRecorded = { kind: 'recorded'; outcome: MessageOutcome } | { kind: 'ref-taken' };

export function createRecorder(deps: RecordDeps) {
  const { repos, log } = deps;

  /** Writes the outcome in one transaction, unless another process already finished this message. */
  function finishOnce(m: CapturedMessage, write: (at: Date) => MessageOutcome): MessageOutcome {
    return repos.transaction(() => {
      const current = repos.messages.get(m.id);
      if (current && current.state !== 'captured') return storedOutcome(current);
      return write(deps.clock());
    });
  }

  function storedOutcome(m: CapturedMessage): MessageOutcome {
    const unwrapped = (m.unwrap ?? {}) as Partial<UnwrapStatus>;
    return {
      messageId: m.messageId,
      outcome: m.outcome ?? 'failed',
      reportRef: m.reportId === null ? null : (repos.reports.byId(m.reportId)?.ref ?? null),
      decryption: unwrapped.decryption ?? NOT_ENCRYPTED,
      signature: unwrapped.signature ?? NOT_SIGNED,
      error: m.error,
    };
  }

  const reread = (m: CapturedMessage) => storedOutcome(repos.messages.get(m.id) as CapturedMessage);

  return {
    duplicate(m: CapturedMessage, originalId: number): MessageOutcome {
      return finishOnce(m, (at) => {
        const original = repos.messages.get(originalId);
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

    reply(m: CapturedMessage, c: Extract<Classification, { kind: 'reply' }>, r: Unwrapped, keys: LearnedKey[], exploited: boolean): MessageOutcome {
      return finishOnce(m, (at) => {
        repos.messages.finish(m.id, { state: 'processed', outcome: 'reply', reportId: c.reportId, unwrap: statusOf(r) }, at);
        repos.reports.addAttachments(c.reportId, m.id, attachmentsOf(r));
        deps.reporterKeys.learn(keys, at);
        const report = repos.reports.byId(c.reportId);
        if (exploited && report && !report.exploited) {
          recomputeDeadlines(deps.deadlines, report, { exploited: true }, 'exploitation in the wild reported in a reply', at);
        }
        if (!c.fromReporter && repos.reports.addFlag(c.reportId, 'reply-from-other-sender', at)) {
          repos.events.append({ reportId: c.reportId, messageId: m.id, kind: 'flag.raised', data: { flag: 'reply-from-other-sender' } }, at);
        }
        repos.events.append(
          { reportId: c.reportId, messageId: m.id, kind: 'report.reply', data: { via: c.via, fromReporter: c.fromReporter, subject: r.value.subject, text: r.value.text, ...statusOf(r) } },
          at,
        );
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
            flags: initialFlags(r, d.extraction),
            exploited: d.extraction.exploitedInTheWild.value,
            attachments: attachmentsOf(r),
          },
          at,
        );
        repos.messages.finish(m.id, { state: 'processed', outcome: 'new-report', reportId: id, unwrap: statusOf(r) }, at);
        deps.reporterKeys.learn(d.keys, at);
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
