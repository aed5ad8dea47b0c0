/** @module The notifier: what intake and the team ask to send, decided per reporter key and handed to one kind module in messages/ each. */
import type * as openpgp from 'openpgp';
import type { Config } from '../config/load.js';
import type { Keyring, TeamKey } from '../crypto/keyring.js';
import { chooseReporterKey } from '../crypto/reporter-key.js';
import { errorMessage, isSecintakeError, SecintakeError } from '../errors.js';
import type { ComposedMail } from '../mail/compose.js';
import type { Calendar } from '../policy/calendar.js';
import { computeDeadlines, type Deadlines } from '../policy/deadlines.js';
import type { Encryption } from '../report/types.js';
import { ack } from './messages/ack.js';
import { keyRequest } from './messages/key-request.js';
import { receipt } from './messages/receipt.js';
import { composeMessage, type Sender } from './messages/kind.js';
import { statusNotice } from './messages/status-notice.js';
import { statusUpdate, type StatusFacts } from './messages/status-update.js';
import { teamReply } from './messages/team-reply.js';
import { undecryptable } from './messages/undecryptable.js';
import { builtinTemplateSet, type TemplateSet, type Words } from './templates/set.js';

export interface AckInput {
  ref: string;
  receivedAt: Date;
  reporterAddress: string;
  /** Message-ID of the report, for In-Reply-To/References. */
  inReplyTo: string | null;
  references: string[];
  subject: string | null;
  attachments: { name: string; size: number }[];
  /** Every reporter key we know, including those this message carried. */
  candidateKeys: openpgp.Key[];
  missing: string[] | null;
  encryption: Encryption;
  /** Why this mail must not be answered (loop safety), or null. */
  suppressed: string | null;
  /** Exploited in the wild (from extraction): the short disclosure deadline applies. */
  exploited: boolean;
  /**
   * The sender proved authorship (a good signature by a key bound to From, pinned when the address has pins). Without
   * it the answer is a content-free receipt: the subject, attachments, missing fields and 0day dates are the message's
   * content, and whoever wrote From may not be whoever wrote the ciphertext.
   */
  authorship: boolean;
  /** The report's language (extraction): answered in it when policy.languages lists it; absent or unlisted, English. */
  language?: string | null;
}

export interface Notifier {
  acknowledge(a: AckInput): Promise<{ draft: ComposedMail; deadlines: Deadlines; encrypted: boolean } | { suppressed: string; deadlines: Deadlines }>;
  undecryptable(a: { to: string; inReplyTo: string | null; reason: string }): Promise<ComposedMail | null>;
  /** Status update: encrypted to the reporter, or a signed, content-free notice asking for a key. */
  statusUpdate(a: { ref: string; to: string; subject: string | null; inReplyTo: string | null; candidateKeys: openpgp.Key[]; facts: StatusFacts; language?: string | null }): Promise<ComposedMail>;
  /** A team member's message in the report's thread: always encrypted, or not sent at all. */
  teamReply(a: { ref: string; to: string; subject: string | null; text: string; inReplyTo: string | null; candidateKeys: openpgp.Key[] }): Promise<ComposedMail>;
}

const threadOf = (inReplyTo: string | null, references?: string[]) => ({ inReplyTo, references: references ?? (inReplyTo ? [inReplyTo] : []) });

export function createNotifier(
  config: Pick<Config, 'team' | 'timezone' | 'policy'>,
  keyring: Keyring,
  calendar: Calendar,
  clock: () => Date,
  templates: TemplateSet = builtinTemplateSet(config.policy.languages),
): Notifier {
  const from = { name: config.team.name, address: config.team.address };
  // Kinds that are not templated write English; the words are the English set's for them.
  const senderWith = (teamKey: TeamKey, words: Words = templates.forReport(null)): Sender => ({ from, teamKey, timezone: config.timezone, now: clock(), words });

  /** Fail closed: without a valid team key nothing is sent. */
  function sender(language: string | null = null): Sender {
    if (!keyring.current) {
      throw new SecintakeError('E_KEYS_NONE', 'no valid team key to sign with: every team key in keys.dir is expired or revoked', {
        hint: 'run `secintake keys status`, then generate or renew the key (`secintake keys generate --rotate`)',
      });
    }
    return senderWith(keyring.current, templates.forReport(language));
  }

  async function composeAck(a: AckInput, deadlines: Deadlines): Promise<{ draft: ComposedMail; encrypted: boolean }> {
    const s = sender(a.language ?? null);
    const to = a.reporterAddress;
    const thread = threadOf(a.inReplyTo, a.references);
    const choice = await chooseReporterKey(a.candidateKeys, to, s.now);
    if (!a.authorship) {
      const { graceApplied: _, ...standardDeadlines } = computeDeadlines({ receivedAt: a.receivedAt, exploited: false, patchDate: null }, config.policy, calendar);
      const keyProblem = choice.ok || choice.reason === 'none' ? null : choice.reason;
      // Always English: the report's language is its content, which this sender has not proven to have written.
      return { draft: await composeMessage(receipt, { to, thread, ref: a.ref, standardDeadlines, keyProblem }, { ...s, words: templates.forReport(null) }), encrypted: false };
    }
    if (!choice.ok) return { draft: await composeMessage(keyRequest, { to, thread, ref: a.ref, keyProblem: choice.reason }, s), encrypted: false };
    const facts = { to, thread, reporterKey: choice.key, ref: a.ref, receivedAt: a.receivedAt, subject: a.subject, attachments: a.attachments, deadlines, missing: a.missing, encryption: a.encryption };
    return { draft: await composeMessage(ack, facts, s), encrypted: true };
  }

  return {
    async acknowledge(a) {
      const { graceApplied: _, ...deadlines } = computeDeadlines({ receivedAt: a.receivedAt, exploited: a.exploited, patchDate: null }, config.policy, calendar);
      if (a.suppressed) return { suppressed: a.suppressed, deadlines };
      try {
        return { ...(await composeAck(a, deadlines)), deadlines };
      } catch (e) {
        // The report matters more than its acknowledgement: record it, send nothing, and say why in its events.
        return { suppressed: `could not compose the acknowledgement: ${errorMessage(e)}`, deadlines };
      }
    },
    async statusUpdate(a) {
      const s = sender(a.language ?? null);
      const thread = threadOf(a.inReplyTo);
      const choice = await chooseReporterKey(a.candidateKeys, a.to, s.now);
      if (!choice.ok) return composeMessage(statusNotice, { to: a.to, thread, ref: a.ref }, s);
      return composeMessage(statusUpdate, { to: a.to, thread, reporterKey: choice.key, ref: a.ref, subject: a.subject, facts: a.facts }, s);
    },
    async teamReply(a) {
      const s = sender();
      const choice = await chooseReporterKey(a.candidateKeys, a.to, s.now);
      if (!choice.ok) {
        throw new SecintakeError('E_NO_REPORTER_KEY', `no usable public key for ${a.to} (${choice.reason}); a reply carries report content and is never sent in cleartext`, {
          hint: 'ask the reporter for a key (the acknowledgement already did), then `secintake keys import FILE --reporter`',
        });
      }
      return composeMessage(teamReply, { to: a.to, thread: threadOf(a.inReplyTo), reporterKey: choice.key, ref: a.ref, subject: a.subject, text: a.text }, s);
    },
    async undecryptable(a) {
      if (!keyring.current) return null;
      try {
        return await composeMessage(undecryptable, { to: a.to, thread: threadOf(a.inReplyTo), problem: a.reason }, senderWith(keyring.current));
      } catch (e) {
        // A sender address we cannot write gets no answer; the message itself is still recorded with its own failure.
        if (isSecintakeError(e) && e.code === 'E_MAIL_HEADER') return null;
        throw e;
      }
    },
  };
}
