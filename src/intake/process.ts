/** @module Decides what one captured message is — duplicate, automated, undecryptable, reply, new report — and hands the decision to the recorder. */
import type * as openpgp from 'openpgp';
import type { Logger } from 'pino';
import { SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { autocryptKeys } from '../crypto/autocrypt.js';
import { fingerprintOf, type Keyring } from '../crypto/keyring.js';
import { provesAuthorship, type ReporterKeyCache } from '../crypto/reporter-keyring.js';
import { unwrap, type UnwrapLimits, type UnwrapResult } from '../crypto/unwrap.js';
import { senderReason } from '../crypto/issues.js';
import type { Repos } from '../db/index.js';
import type { CapturedMessage } from '../db/messages.js';
import { messageIds, parseAddress, refInSubject } from '../mail/address.js';
import { topHeaders } from '../mail/mime.js';
import type { AckInput, Notifier } from '../notify/acknowledge.js';
import { localDateOf } from '../policy/zoned.js';
import { classifyAutomated, classifyThread, suppressionReason } from './classify.js';
import type { MessageOutcome } from './outcome.js';
import type { Recorder } from './record.js';
import { extractReport, replyReportsExploitation } from './report-input.js';

export interface ProcessDeps {
  repos: Pick<Repos, 'messages' | 'reports' | 'ciphertexts' | 'keys'>;
  keyring: Keyring;
  limits: UnwrapLimits;
  timezone: string;
  log: Logger;
  /** Our address: mail from it is never answered. */
  teamAddress: string;
  notifier: Pick<Notifier, 'acknowledge' | 'undecryptable'>;
  reporterKeys: ReporterKeyCache;
  record: Recorder;
  /** policy.supported_versions: product → semver ranges. */
  supportedVersions: Record<string, string[]>;
}

/** Failures the sender can fix by resending: they get a signed, content-free answer naming our key. */
const ANSWERABLE_FAILURES = new Set(['unknown_key', 'armor_corrupt', 'not_integrity_protected', 'password_encrypted', 'decrypt_failed']);

/** A message unwrapped before its turn, and the fingerprints of the keys its signatures were checked with. */
export interface Unwrapping {
  result: UnwrapResult;
  keys: string[];
}

export function createProcessor(deps: ProcessDeps) {
  const { repos, record, reporterKeys } = deps;

  /** The From address and every key that may verify the message's signatures: Autocrypt (for From only) and the reporters'. */
  async function unwrapInputs(headers: Map<string, string[]>) {
    const from = parseAddress(headers.get('from')?.[0]);
    const sender = from?.address ?? null;
    const autocrypt = await autocryptKeys(headers, sender);
    return { from, sender, autocrypt, knownKeys: [...autocrypt, ...(await reporterKeys.all())] };
  }
  const unwrapFor = (m: CapturedMessage, sender: string | null, knownKeys: openpgp.Key[]) => unwrap(m.raw, { keyring: deps.keyring, limits: deps.limits, knownKeys, from: sender });

  /**
   * Unwraps a message before its turn (the pipeline keeps a few in flight). Automated mail is never decrypted, so it
   * gets none. Earlier messages may teach keys meanwhile: its turn uses this only if the keys are still the same.
   */
  async function ahead(m: CapturedMessage): Promise<Unwrapping | null> {
    const headers = topHeaders(m.raw);
    if (classifyAutomated(headers)) return null;
    const { sender, knownKeys } = await unwrapInputs(headers);
    return { result: await unwrapFor(m, sender, knownKeys), keys: knownKeys.map(fingerprintOf) };
  }

  async function processMessage(m: CapturedMessage, early?: Promise<Unwrapping | null>): Promise<MessageOutcome> {
    const headers = topHeaders(m.raw);
    const duplicateOf = repos.messages.findEarlierIdentical(m);
    if (duplicateOf !== null) return record.duplicate(m, duplicateOf);
    const automated = classifyAutomated(headers);
    const threadIds = [...messageIds(headers.get('in-reply-to')?.[0]), ...messageIds(headers.get('references')?.[0])];
    const threadReportIds = repos.messages.reportsForMessageIds(threadIds);
    if (automated) return record.automated(m, automated, threadReportIds[0] ?? null);

    const { from, sender, autocrypt, knownKeys } = await unwrapInputs(headers);
    const prepared = await early;
    const sameKeys = prepared && prepared.keys.length === knownKeys.length && knownKeys.every((k, i) => fingerprintOf(k) === prepared.keys[i]);
    const result = sameKeys ? prepared.result : await unwrapFor(m, sender, knownKeys);
    const suppressed = suppressionReason(headers, deps.teamAddress);
    // Capture stored the Message-ID with the raw bytes.
    const ownIds = m.messageId ? [m.messageId] : [];
    if (!result.ok) {
      const answer =
        ANSWERABLE_FAILURES.has(result.issue.code) && !suppressed && from
          ? await deps.notifier.undecryptable({ to: from.address, inReplyTo: ownIds[0] ?? null, reason: senderReason(result.issue) })
          : null;
      return record.failed(m, result.issue.code, result.issue.message, result, answer);
    }
    // Provenance: a ciphertext we decrypted before, in any wrapper, is never a new report. From its own sender it is a
    // duplicate; from anyone else a replay, flagged on the original and answered to nobody.
    const seen = repos.ciphertexts.seenBefore(result.value.ciphertexts, m.id);
    if (seen) return seen.sender !== null && seen.sender === sender ? record.duplicate(m, seen.messageId) : record.replay(m, seen, result);
    const subjectRef = refInSubject(result.value.subject) ?? refInSubject(headers.get('subject')?.[0]);
    const subjectReport = subjectRef ? repos.reports.listingByRef(subjectRef) : undefined;
    const threadReport = threadReportIds[0] === undefined ? undefined : repos.reports.listingById(threadReportIds[0]);
    const cls = classifyThread({
      threadReportIds,
      subject: result.value.subject,
      from: from?.address ?? null,
      subjectReport: subjectReport ? { id: subjectReport.id, reporterEmail: subjectReport.reporterEmail } : null,
      threadReporterEmail: threadReport?.reporterEmail ?? null,
    });
    const receivedAt = new Date(m.capturedAt);
    if (cls.kind === 'reply') {
      // Only the reporter changes a report: their address, and their signature when the report itself was signed.
      const signedReport = (threadReport ?? subjectReport)?.signature.status === 'good';
      const byReporter = cls.fromReporter && (!signedReport || (sender !== null && provesAuthorship(result.value.reportSignedBySender, result.signature, repos.keys.pinsFor(sender))));
      if (!byReporter) return record.thirdParty(m, cls.reportId, result, cls.fromReporter ? 'the report was signed; this reply is not signed by the reporter' : 'not from the reporter');
    }
    const learned = await reporterKeys.describe([...result.value.publicKeys, ...autocrypt]);
    const keys = reporterKeys.decide(sender, learned, result.signature);
    if (cls.kind === 'reply') return record.reply(m, cls, result, keys, replyReportsExploitation(result, from, receivedAt));

    const extraction = extractReport(result, from, receivedAt, deps.supportedVersions);
    const ack: Omit<AckInput, 'ref'> = {
      receivedAt,
      reporterAddress: from?.address ?? '',
      inReplyTo: ownIds[0] ?? null,
      references: [...threadIds, ...ownIds],
      subject: result.value.subject,
      attachments: result.value.attachments.map((a) => ({ name: a.name, size: a.content.length })),
      candidateKeys: [...(sender ? await reporterKeys.pinnedFor(sender) : []), ...keys.filter((k) => k.state === 'pinned').map((k) => k.learned.key)],
      authorship: sender !== null && provesAuthorship(result.value.reportSignedBySender, result.signature, repos.keys.pinsFor(sender)),
      missing: extraction.missing,
      encryption: result.encryption,
      suppressed,
      exploited: extraction.exploitedInTheWild.value,
      language: extraction.language.value,
    };
    // The acknowledgement names the reference, and composing it is async: predict the reference, compose, and let the
    // recording transaction check the prediction; another process taking it meanwhile means composing again.
    const year = Number(localDateOf(receivedAt, deps.timezone).slice(0, 4));
    for (let attempt = 1; attempt <= LIMITS.refAttempts; attempt++) {
      const ref = repos.reports.peekNextRef(year);
      const plan = await deps.notifier.acknowledge({ ...ack, ref });
      const recorded = record.report(m, result, { year, ref, plan, extraction, from, keys });
      if (recorded.kind === 'recorded') return recorded.outcome;
    }
    throw new SecintakeError('E_DB_BUSY', `every reference predicted for message ${m.id} was taken by another process`, {
      transient: true,
      hint: 'another process is recording reports at the same time; the message stays queued and is retried',
    });
  }

  return { ahead, process: processMessage };
}
