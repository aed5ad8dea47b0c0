/** @module Decides what a message is: a new report, a reply on one, an auto-reply, a bounce. Pure: the caller looks up the database. */
import { isOurMailbox, parseAddress, refInSubject } from '../mail/address.js';

export type Classification =
  | { kind: 'bounce'; reason: string }
  | { kind: 'auto-reply'; reason: string }
  | { kind: 'reply'; reportId: number; via: 'thread' | 'subject'; fromReporter: boolean }
  | { kind: 'new-report' };

export type Automated = Extract<Classification, { kind: 'bounce' | 'auto-reply' }>;

/** Classification that needs only the outer headers: done before decrypting, since bounces and auto-replies are never our concern to decrypt. */
export function classifyAutomated(headers: Map<string, string[]>): Automated | null {
  const get = (name: string) => headers.get(name)?.[0]?.trim().toLowerCase() ?? '';
  const contentType = get('content-type');
  const from = parseAddress(headers.get('from')?.[0])?.address ?? '';
  // RFC 3464 delivery status notifications, and the classic bounce senders.
  if (contentType.startsWith('multipart/report') && /report-type\s*=\s*"?delivery-status/.test(contentType)) {
    return { kind: 'bounce', reason: 'delivery status notification (RFC 3464)' };
  }
  if (/^(mailer-daemon|postmaster)@/.test(from) && get('return-path') === '<>') return { kind: 'bounce', reason: `from ${from} with a null return path` };
  // RFC 3834 §5: anything but "no" is automatic.
  const autoSubmitted = get('auto-submitted');
  if (autoSubmitted !== '' && !autoSubmitted.startsWith('no')) return { kind: 'auto-reply', reason: `Auto-Submitted: ${autoSubmitted}` };
  if (headers.has('x-autoreply') || headers.has('x-autorespond')) return { kind: 'auto-reply', reason: 'X-Autoreply header' };
  const precedence = get('precedence');
  if (['auto_reply', 'bulk', 'junk'].includes(precedence)) return { kind: 'auto-reply', reason: `Precedence: ${precedence}` };
  return null;
}

export interface ThreadFacts {
  /** Reports owning a message named in In-Reply-To or References. */
  threadReportIds: number[];
  subject: string | null;
  from: string | null;
  /** The report a `[SEC-…]` subject names, with its reporter address. */
  subjectReport: { id: number; reporterEmail: string | null } | null;
  /** Reporter address of the first thread report, to flag replies from someone else. */
  threadReporterEmail: string | null;
}

/** RFC 5322 threading first; a `[SEC-…]` subject counts only when it comes from that report's reporter. */
export function classifyThread(f: ThreadFacts): Classification {
  const from = f.from?.toLowerCase() ?? null;
  const threaded = f.threadReportIds[0];
  if (threaded !== undefined) {
    return { kind: 'reply', reportId: threaded, via: 'thread', fromReporter: from !== null && from === f.threadReporterEmail?.toLowerCase() };
  }
  if (refInSubject(f.subject) && f.subjectReport && from !== null && from === f.subjectReport.reporterEmail?.toLowerCase()) {
    return { kind: 'reply', reportId: f.subjectReport.id, via: 'subject', fromReporter: true };
  }
  return { kind: 'new-report' };
}

/**
 * Why we must not answer this mail, or null. RFC 3834 §2: never answer automatic mail, lists or bulk; and never
 * ourselves (any sub-address or letter case of ours), which is how two robots start a loop.
 */
export function suppressionReason(headers: Map<string, string[]>, teamAddress: string): string | null {
  const get = (name: string) => headers.get(name)?.[0]?.trim().toLowerCase() ?? '';
  const from = parseAddress(headers.get('reply-to')?.[0] ?? headers.get('from')?.[0])?.address ?? null;
  const sender = parseAddress(headers.get('from')?.[0])?.address ?? null;
  if (!from || !sender) return 'no sender address';
  if (isOurMailbox(from, teamAddress) || isOurMailbox(sender, teamAddress)) return 'mail from our own address';
  if (/^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@/.test(sender)) return `${sender} does not take replies`;
  const automated = classifyAutomated(headers);
  if (automated) return automated.reason;
  // A list post is a person's mail (not automated), but answering it answers the whole list.
  if (get('precedence') === 'list' || headers.has('list-id') || headers.has('list-unsubscribe')) return 'mailing list mail';
  return null;
}
