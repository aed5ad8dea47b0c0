/** @module Queues a team member's reply in a report's thread: composed, queued and recorded in one transaction. */
import { SecintakeError } from '../errors.js';
import { loadReporterKeys } from '../intake/reporter-keys.js';
import type { Runtime } from '../runtime.js';

export async function queueTeamReply(rt: Runtime, ref: string, text: string): Promise<{ outboxId: number; messageId: string }> {
  const report = rt.repos.reports.byRef(ref);
  if (!report) throw new SecintakeError('E_REPORT_NOT_FOUND', `no report ${ref}`, { hint: 'see `secintake reports list`' });
  if (!report.reporterEmail) throw new SecintakeError('E_INPUT', `${ref} has no reporter address to reply to`);
  if (text.trim() === '') throw new SecintakeError('E_INPUT', 'the message file is empty', { hint: 'write the reply text into the file' });
  const candidateKeys = await loadReporterKeys(rt.repos);
  const original = rt.repos.messages.get(report.messageId);
  const draft = await rt.notifier.teamReply({ ref, to: report.reporterEmail, subject: report.subject, text, inReplyTo: original?.messageId ?? null, candidateKeys });
  return rt.repos.db.transaction(() => {
    const at = rt.clock();
    const outboxId = rt.repos.outbox.enqueue(draft, report.id, at);
    rt.repos.events.append({ reportId: report.id, kind: 'report.team-reply', data: { outboxId, messageId: draft.messageId, text } }, at);
    return { outboxId, messageId: draft.messageId };
  }).immediate();
}
