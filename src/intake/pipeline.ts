/** @module The runner: takes captured messages through unwrap → classify → record, one at a time, each failing on its own. */
import type { Logger } from 'pino';
import type { Repos } from '../db/index.js';
import type { CapturedMessage } from '../db/messages.js';
import { sha256Hex } from '../db/messages.js';
import { errorMessage, isSecintakeError } from '../errors.js';
import type { Keyring } from '../crypto/keyring.js';
import { unwrap, type UnwrapLimits, type UnwrapResult } from '../crypto/unwrap.js';
import { autocryptKeys } from '../crypto/autocrypt.js';
import { createReporterKeyCache, type LearnedKey } from './reporter-keys.js';
import { messageIds, parseAddress, refInSubject } from '../mail/address.js';
import { topHeaders } from '../mail/mime.js';
import { classifyAutomated, classifyThread, suppressionReason, type Automated, type Classification } from './classify.js';
import type { OutboxDraft } from '../db/outbox.js';
import type { Notifier } from '../notify/acknowledge.js';
import { extract, type Extraction } from './extract/index.js';
import { nextUpdate } from '../policy/deadlines.js';
import { recomputeDeadlines, type PolicyContext } from '../report/lifecycle.js';
import { NOT_ENCRYPTED, NOT_SIGNED, type MessageOutcome } from './outcome.js';

export interface PipelineDeps {
  repos: Repos;
  keyring: Keyring;
  limits: UnwrapLimits;
  timezone: string;
  clock: () => Date;
  log: Logger;
  /** Our address: mail from it is never answered. */
  teamAddress: string;
  notifier: Notifier;
  /** policy.update_interval_days: the first status update is due this long after receipt. */
  updateIntervalDays: number;
  /** For recomputing deadlines when a reply reports exploitation in the wild. */
  policy: PolicyContext;
  /** policy.supported_versions: product → semver ranges. */
  supportedVersions: Record<string, string[]>;
}

/** Failures the sender can fix by resending: they get a signed, content-free answer naming our key. */
const ANSWERABLE_FAILURES = new Set(['unknown_key', 'armor_corrupt', 'not_integrity_protected', 'password_encrypted', 'decrypt_failed']);

/** Another process took the reference this message's acknowledgement was composed for: compose again. */
class RefTaken extends Error {}

const PENDING_BATCH = 50;

export function createPipeline(deps: PipelineDeps) {
  const { repos, log } = deps;
  const reporterKeys = createReporterKeyCache(repos);

  async function processMessage(m: CapturedMessage): Promise<MessageOutcome> {
    const headers = topHeaders(m.raw);
    const duplicateOf = repos.messages.findEarlierIdentical(m);
    if (duplicateOf !== null) return recordDuplicate(m, duplicateOf);
    const automated = classifyAutomated(headers);
    const threadIds = [...messageIds(headers.get('in-reply-to')?.[0]), ...messageIds(headers.get('references')?.[0])];
    const threadReportIds = repos.messages.reportsForMessageIds(threadIds);
    if (automated) return recordAutomated(m, automated, threadReportIds[0] ?? null);

    const result = await unwrap(m.raw, { keyring: deps.keyring, limits: deps.limits, knownKeys: await reporterKeys.all() });
    const from = parseAddress(headers.get('from')?.[0]);
    const suppressed = suppressionReason(headers, deps.teamAddress);
    // Captured once already: capture stored the Message-ID with the raw bytes.
    const ownIds = m.messageId ? [m.messageId] : [];
    if (!result.ok) {
      const answer =
        ANSWERABLE_FAILURES.has(result.issue.code) && !suppressed && from
          ? await deps.notifier.undecryptable({ to: from.address, inReplyTo: ownIds[0] ?? null, reason: result.issue.message })
          : null;
      return recordFailed(m, result.issue.code, result.issue.message, result, answer);
    }
    const subjectRef = refInSubject(result.value.subject) ?? refInSubject(headers.get('subject')?.[0]);
    const subjectReport = subjectRef ? repos.reports.byRef(subjectRef) : undefined;
    const threadReport = threadReportIds[0] === undefined ? undefined : repos.reports.byId(threadReportIds[0]);
    const cls = classifyThread({
      threadReportIds,
      subject: result.value.subject,
      from: from?.address ?? null,
      subjectReport: subjectReport ? { id: subjectReport.id, reporterEmail: subjectReport.reporterEmail } : null,
      threadReporterEmail: threadReport?.reporterEmail ?? null,
    });
    const keys = await reporterKeys.describe([...result.value.publicKeys, ...(await autocryptKeys(headers, from?.address ?? null))]);
    if (cls.kind === 'reply') {
      // Only clear wording counts (extraction's rule), and quoted text is ignored, so quoting our ack does not trigger it.
      const exploited = extract({ subject: result.value.subject, text: result.value.text, html: result.value.html, from, attachments: [], receivedAt: new Date(m.capturedAt) }, { supportedVersions: {} }).exploitedInTheWild.value;
      return recordReply(m, cls, result, keys, exploited);
    }
    const receivedAt = new Date(m.capturedAt);
    const extraction = extract(
      {
        subject: result.value.subject,
        text: [result.value.text, ...textAttachments(result.value.attachments)].join('\n\n'),
        html: result.value.html,
        from,
        attachments: result.value.attachments.map((a) => ({ name: a.name, contentType: a.contentType, size: a.content.length })),
        receivedAt,
      },
      { supportedVersions: deps.supportedVersions },
    );
    for (let attempt = 0; ; attempt++) {
      const year = yearIn(receivedAt, deps.timezone);
      const ref = repos.reports.peekNextRef(year);
      const ack = await deps.notifier.acknowledge({
        ref,
        receivedAt,
        reporterAddress: from?.address ?? '',
        inReplyTo: ownIds[0] ?? null,
        references: [...threadIds, ...ownIds],
        subject: result.value.subject,
        attachments: result.value.attachments.map((a) => ({ name: a.name, size: a.content.length })),
        candidateKeys: [...(await reporterKeys.all()), ...keys.map((k) => k.key)],
        missing: extraction.missing,
        encryption: result.encryption,
        suppressed,
        exploited: extraction.exploitedInTheWild.value,
      });
      try {
        return recordReport(m, result, from, keys, { year, ref, plan: ack, extraction });
      } catch (e) {
        if (!(e instanceof RefTaken) || attempt >= 3) throw e;
      }
    }
  }

  /** Writes the outcome in one transaction, unless another process already finished this message. */
  function finishOnce(m: CapturedMessage, write: (at: Date) => MessageOutcome): MessageOutcome {
    return repos.db.transaction(() => {
      const current = repos.messages.get(m.id);
      if (current && current.state !== 'captured') return storedOutcome(current);
      return write(deps.clock());
    }).immediate();
  }

  function storedOutcome(m: CapturedMessage): MessageOutcome {
    const unwrapped = (m.unwrap ?? {}) as Partial<UnwrapResult>;
    return {
      messageId: m.messageId,
      outcome: m.outcome ?? 'failed',
      reportRef: m.reportId === null ? null : (repos.reports.byId(m.reportId)?.ref ?? null),
      decryption: unwrapped.decryption ?? NOT_ENCRYPTED,
      signature: unwrapped.signature ?? NOT_SIGNED,
      error: m.error,
    };
  }

  function recordDuplicate(m: CapturedMessage, originalId: number): MessageOutcome {
    return finishOnce(m, (at) => {
      const original = repos.messages.get(originalId);
      repos.messages.finish(m.id, { state: 'processed', outcome: 'duplicate', duplicateOf: originalId, reportId: original?.reportId ?? null, unwrap: original?.unwrap }, at);
      repos.events.append({ reportId: original?.reportId ?? null, messageId: m.id, kind: 'message.duplicate', data: { duplicateOf: originalId } }, at);
      return storedOutcome(repos.messages.get(m.id) as CapturedMessage);
    });
  }

  function recordAutomated(m: CapturedMessage, c: Automated, reportId: number | null): MessageOutcome {
    return finishOnce(m, (at) => {
      repos.messages.finish(m.id, { state: 'processed', outcome: c.kind, reportId }, at);
      repos.events.append({ reportId, messageId: m.id, kind: `message.${c.kind}`, data: { reason: c.reason } }, at);
      return storedOutcome(repos.messages.get(m.id) as CapturedMessage);
    });
  }

  function recordFailed(
    m: CapturedMessage,
    code: string,
    reason: string,
    status: Pick<UnwrapResult, 'decryption' | 'signature' | 'encryption'> | null,
    answer: OutboxDraft | null = null,
  ): MessageOutcome {
    log.warn({ message: m.id, code }, 'message failed; raw bytes kept');
    return finishOnce(m, (at) => {
      const unwrapStatus = status && { decryption: status.decryption, signature: status.signature, encryption: status.encryption };
      repos.messages.finish(m.id, { state: 'failed', outcome: 'failed', errorCode: code, error: reason, unwrap: unwrapStatus ?? undefined }, at);
      repos.events.append({ messageId: m.id, kind: 'message.failed', data: { code, reason } }, at);
      if (answer) {
        const outboxId = repos.outbox.enqueue(answer, null, at);
        repos.events.append({ messageId: m.id, kind: 'outbox.queued', data: { outboxId, kind: answer.kind, messageId: answer.messageId } }, at);
      }
      return storedOutcome(repos.messages.get(m.id) as CapturedMessage);
    });
  }

  function recordReply(m: CapturedMessage, c: Extract<Classification, { kind: 'reply' }>, r: Extract<UnwrapResult, { ok: true }>, keys: LearnedKey[], exploited: boolean): MessageOutcome {
    return finishOnce(m, (at) => {
      repos.messages.finish(m.id, { state: 'processed', outcome: 'reply', reportId: c.reportId, unwrap: statusOf(r) }, at);
      repos.reports.addAttachments(c.reportId, m.id, attachmentsOf(r));
      reporterKeys.learn(keys, at);
      const report = repos.reports.byId(c.reportId);
      if (exploited && report && !report.exploited) {
        recomputeDeadlines(deps.policy, report, { exploited: true }, 'exploitation in the wild reported in a reply', at);
      }
      if (!c.fromReporter && repos.reports.addFlag(c.reportId, 'reply-from-other-sender', at)) {
        repos.events.append({ reportId: c.reportId, messageId: m.id, kind: 'flag.raised', data: { flag: 'reply-from-other-sender' } }, at);
      }
      repos.events.append(
        {
          reportId: c.reportId,
          messageId: m.id,
          kind: 'report.reply',
          data: { via: c.via, fromReporter: c.fromReporter, subject: r.value.subject, text: r.value.text, ...statusOf(r) },
        },
        at,
      );
      return storedOutcome(repos.messages.get(m.id) as CapturedMessage);
    });
  }

  function recordReport(
    m: CapturedMessage,
    r: Extract<UnwrapResult, { ok: true }>,
    from: ReturnType<typeof parseAddress>,
    keys: LearnedKey[],
    p: { year: number; ref: string; plan: Awaited<ReturnType<Notifier['acknowledge']>>; extraction: Extraction },
  ): MessageOutcome {
    return finishOnce(m, (at) => {
      const { id, ref } = repos.reports.insert(
        {
          messageId: m.id,
          receivedAt: new Date(m.capturedAt),
          year: p.year,
          subject: r.value.subject,
          reporterEmail: from?.address ?? null,
          reporterName: from?.name ?? null,
          bodyText: r.value.text,
          bodyHtml: r.value.html,
          encryption: r.encryption,
          signature: r.signature,
          fields: p.extraction,
          deadlines: { ...p.plan.deadlines, nextUpdate: nextUpdate(new Date(m.capturedAt), deps.updateIntervalDays, { timezone: deps.timezone }) },
          flags: initialFlags(r, p.extraction),
          exploited: p.extraction.exploitedInTheWild.value,
          attachments: attachmentsOf(r),
        },
        at,
      );
      // The acknowledgement names this reference: if another process took it meanwhile, roll back and compose again.
      if (ref !== p.ref) throw new RefTaken(`${p.ref} was taken`);
      repos.messages.finish(m.id, { state: 'processed', outcome: 'new-report', reportId: id, unwrap: statusOf(r) }, at);
      reporterKeys.learn(keys, at);
      repos.events.append({ reportId: id, messageId: m.id, kind: 'report.received', data: { ref, ...statusOf(r) } }, at);
      if ('draft' in p.plan) {
        const outboxId = repos.outbox.enqueue(p.plan.draft, id, at);
        repos.events.append({ reportId: id, kind: 'outbox.queued', data: { outboxId, kind: p.plan.draft.kind, messageId: p.plan.draft.messageId, encrypted: p.plan.encrypted } }, at);
      } else {
        repos.events.append({ reportId: id, kind: 'ack.suppressed', data: { reason: p.plan.suppressed } }, at);
      }
      log.info({ message: m.id, report: ref, encrypted: r.encryption.encrypted, signature: r.signature.status }, 'new report');
      return storedOutcome(repos.messages.get(m.id) as CapturedMessage);
    });
  }

  /** Processes one message; a bug in one message marks it failed and never blocks the rest of the queue. */
  async function processSafely(m: CapturedMessage): Promise<MessageOutcome | null> {
    try {
      return await processMessage(m);
    } catch (e) {
      if (isSecintakeError(e) && e.transient) {
        log.warn({ message: m.id, code: e.code, err: errorMessage(e) }, 'transient error; message stays queued');
        return null;
      }
      log.error({ message: m.id, err: e }, 'unexpected error while processing a message');
      return recordFailed(m, 'internal', `internal error while processing (${errorMessage(e)}); the raw message is kept, please report this as a bug`, null);
    }
  }

  return {
    processSafely,
    /** Processes every captured message in capture order; returns what happened to each. */
    async processPending(): Promise<MessageOutcome[]> {
      const outcomes: MessageOutcome[] = [];
      const skipped = new Set<number>();
      for (;;) {
        const batch = repos.messages.pending(PENDING_BATCH + skipped.size).filter((m) => !skipped.has(m.id));
        if (batch.length === 0) return outcomes;
        for (const m of batch) {
          const outcome = await processSafely(m);
          if (outcome) outcomes.push(outcome);
          else skipped.add(m.id);
        }
      }
    },
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;

/** A report "in the attached file" is read like a body: plain-text attachments up to 1 MiB join the extraction input. */
function textAttachments(attachments: { name: string; contentType: string; content: Buffer }[]): string[] {
  return attachments
    .filter((a) => a.content.length <= 1_048_576 && (a.contentType === 'text/plain' || /\.(txt|md)$/i.test(a.name)))
    .map((a) => a.content.toString('utf8'));
}

/** Flags known at receipt; the policy engine adds deadline and key flags as time passes. */
function initialFlags(r: UnwrapResult, x: Extraction): string[] {
  const flags: string[] = [];
  if (r.encryption.keyStatus && r.encryption.keyStatus !== 'current') flags.push('encrypted-to-retired-key');
  if (x.versionSupported.value === false) flags.push('unsupported-version');
  if (x.issues.some((i) => i.code === 'cvss-score-mismatch')) flags.push('cvss-score-mismatch');
  return flags;
}

const statusOf = (r: UnwrapResult) => ({ decryption: r.decryption, signature: r.signature, encryption: r.encryption });

const attachmentsOf = (r: Extract<UnwrapResult, { ok: true }>) =>
  r.value.attachments.map((a) => ({ ...a, size: a.content.length, sha256: sha256Hex(a.content) }));

function yearIn(date: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(date));
}
