/** @module Queues a team member's reply in a report's thread: composed, queued and recorded in one transaction. */
import { loadPinnedKeys } from '../crypto/reporter-keyring.js';
import type { Repos } from '../db/index.js';
import { SecintakeError } from '../errors.js';
import type { Notifier } from '../notify/acknowledge.js';
import { findReport } from './find.js';

export interface TeamReplyDeps {
  repos: Pick<Repos, 'transaction' | 'reports' | 'events' | 'messages' | 'outbox' | 'keys'>;
  notifier: Pick<Notifier, 'teamReply'>;
  clock: () => Date;
}

export async function queueTeamReply(d: TeamReplyDeps, ref: string, text: string): Promise<{ outboxId: number; messageId: string }> {
  const report = findReport(d.repos.reports, ref);
  if (!report.reporterEmail) throw new SecintakeError('E_INPUT', `${report.ref} has no reporter address to reply to`);
  if (text.trim() === '') throw new SecintakeError('E_INPUT', 'the message file is empty', { hint: 'write the reply text into the file' });
  const candidateKeys = await loadPinnedKeys(d.repos, report.reporterEmail);
  const original = d.repos.messages.get(report.messageId);
  const draft = await d.notifier.teamReply({ ref: report.ref, to: report.reporterEmail, subject: report.subject, text, inReplyTo: original?.messageId ?? null, candidateKeys });
  return d.repos.transaction(() => {
    const at = d.clock();
    const outboxId = d.repos.outbox.enqueue(draft, report.id, at);
    d.repos.events.append({ reportId: report.id, kind: 'report.team-reply', data: { outboxId, messageId: draft.messageId, text } }, at);
    return { outboxId, messageId: draft.messageId };
  });
}
