/** @module Decides and composes the automatic answers: acknowledgement of a new report, or a signed, content-free request when we cannot encrypt or decrypt. */
import type * as openpgp from 'openpgp';
import type { Config } from '../config/load.js';
import type { OutboxDraft } from '../db/outbox.js';
import type { Keyring } from '../crypto/keyring.js';
import { chooseReporterKey } from '../crypto/reporter-key.js';
import { SecintakeError } from '../errors.js';
import { compose } from '../mail/compose.js';
import type { Calendar } from '../policy/calendar.js';
import { computeDeadlines, type Deadlines } from '../policy/deadlines.js';
import type { Encryption } from '../report/types.js';
import { ackText, keyRequestText, statusNoticeText, statusUpdateText, undecryptableText, type StatusFacts } from './templates.js';

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
}

export interface Notifier {
  acknowledge(a: AckInput): Promise<{ draft: OutboxDraft; deadlines: Deadlines; encrypted: boolean } | { suppressed: string; deadlines: Deadlines }>;
  undecryptable(a: { to: string; inReplyTo: string | null; reason: string }): Promise<OutboxDraft | null>;
  /** Status update: encrypted to the reporter, or a signed, content-free notice asking for a key. */
  statusUpdate(a: { ref: string; to: string; subject: string | null; inReplyTo: string | null; candidateKeys: openpgp.Key[]; facts: Omit<StatusFacts, 'ref' | 'teamName' | 'timezone'> }): Promise<OutboxDraft>;
  /** A team member's message in the report's thread: always encrypted, or not sent at all. */
  teamReply(a: { ref: string; to: string; subject: string | null; text: string; inReplyTo: string | null; candidateKeys: openpgp.Key[] }): Promise<OutboxDraft>;
}

export function createNotifier(config: Pick<Config, 'team' | 'timezone' | 'policy'>, keyring: Keyring, calendar: Calendar, clock: () => Date): Notifier {
  const from = { name: config.team.name, address: config.team.address };

  /** Fail closed: without a valid team key nothing is sent. */
  function signer() {
    if (!keyring.current) throw new Error('no valid team key to sign with');
    return keyring.current;
  }

  async function composeAck(a: AckInput, deadlines: Deadlines): Promise<{ draft: OutboxDraft; encrypted: boolean }> {
    const team = signer();
    const choice = await chooseReporterKey(a.candidateKeys, a.reporterAddress, clock());
    const base = { from, to: a.reporterAddress, inReplyTo: a.inReplyTo, references: a.references, date: clock(), autoSubmitted: true, signingKey: team.key };
    if (!choice.ok) {
      const why = choice.reason === 'none' ? 'we have no public key for your address' : `your public key is ${choice.reason === 'cannot-encrypt' ? 'not usable for encryption' : choice.reason}`;
      const subject = `[${a.ref}] Report received`;
      const text = keyRequestText({ ref: a.ref, teamName: from.name, teamAddress: from.address, teamFingerprint: team.fingerprint, why });
      return { draft: await compose({ ...base, kind: 'key-request', outerSubject: subject, innerSubject: subject, text, encryptTo: null }), encrypted: false };
    }
    const keyNote =
      a.encryption.encrypted && a.encryption.keyStatus !== 'current'
        ? `Note: you encrypted to our ${a.encryption.keyStatus} key ${a.encryption.keyFingerprint}. Please use our current key ${team.fingerprint} from now on.`
        : null;
    const text = ackText({ ref: a.ref, teamName: from.name, receivedAt: a.receivedAt.toISOString(), timezone: config.timezone, attachments: a.attachments, deadlines, missing: a.missing, currentKeyNote: keyNote });
    const draft = await compose({
      ...base,
      kind: 'ack',
      outerSubject: `[${a.ref}] Report received`,
      innerSubject: `[${a.ref}] ${a.subject ?? 'Your report'}`,
      text,
      encryptTo: [choice.key, team.key.toPublic()],
    });
    return { draft, encrypted: true };
  }

  return {
    async acknowledge(a) {
      const { graceApplied: _, ...deadlines } = computeDeadlines({ receivedAt: a.receivedAt, exploited: a.exploited, patchDate: null }, config.policy, calendar);
      if (a.suppressed) return { suppressed: a.suppressed, deadlines };
      try {
        return { ...(await composeAck(a, deadlines)), deadlines };
      } catch (e) {
        // The report matters more than its acknowledgement: record it, send nothing, and say why in its events.
        return { suppressed: `could not compose the acknowledgement: ${e instanceof Error ? e.message : String(e)}`, deadlines };
      }
    },
    async statusUpdate(a) {
      const team = signer();
      const choice = await chooseReporterKey(a.candidateKeys, a.to, clock());
      const common = { from, to: a.to, inReplyTo: a.inReplyTo, references: a.inReplyTo ? [a.inReplyTo] : [], date: clock(), autoSubmitted: true, signingKey: team.key };
      const subject = `[${a.ref}] Status update`;
      if (!choice.ok) {
        return compose({ ...common, kind: 'status-notice', outerSubject: subject, innerSubject: subject, text: statusNoticeText({ ref: a.ref, teamName: from.name, teamFingerprint: team.fingerprint }), encryptTo: null });
      }
      return compose({
        ...common,
        kind: 'status-update',
        outerSubject: subject,
        innerSubject: `[${a.ref}] Status update: ${a.subject ?? 'your report'}`,
        text: statusUpdateText({ ref: a.ref, teamName: from.name, timezone: config.timezone, ...a.facts }),
        encryptTo: [choice.key, team.key.toPublic()],
      });
    },
    async teamReply(a) {
      const team = signer();
      const choice = await chooseReporterKey(a.candidateKeys, a.to, clock());
      if (!choice.ok) {
        throw new SecintakeError('E_NO_REPORTER_KEY', `no usable public key for ${a.to} (${choice.reason}); a reply carries report content and is never sent in cleartext`, {
          hint: 'ask the reporter for a key (the acknowledgement already did), then `secintake keys import FILE --reporter`',
        });
      }
      return compose({
        kind: 'team-reply',
        from,
        to: a.to,
        outerSubject: `[${a.ref}] Update on your report`,
        innerSubject: `Re: [${a.ref}] ${a.subject ?? 'Your report'}`,
        text: a.text,
        inReplyTo: a.inReplyTo,
        references: a.inReplyTo ? [a.inReplyTo] : [],
        date: clock(),
        autoSubmitted: false,
        signingKey: team.key,
        encryptTo: [choice.key, team.key.toPublic()],
      });
    },
    async undecryptable(a) {
      if (!keyring.current) return null;
      const subject = 'Your encrypted message could not be decrypted';
      return compose({
        kind: 'undecryptable',
        from,
        to: a.to,
        outerSubject: subject,
        innerSubject: subject,
        text: undecryptableText({ teamName: from.name, teamAddress: from.address, teamFingerprint: keyring.current.fingerprint, reason: a.reason }),
        inReplyTo: a.inReplyTo,
        references: a.inReplyTo ? [a.inReplyTo] : [],
        date: clock(),
        autoSubmitted: true,
        signingKey: keyring.current.key,
        encryptTo: null,
      });
    },
  };
}
