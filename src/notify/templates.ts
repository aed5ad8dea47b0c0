/** @module The words of outgoing mail. Pure. Cleartext (signed-only) templates take no report content by construction. */
import { askLabel } from '../intake/extract/fields/index.js';
import type { Deadlines } from '../policy/deadlines.js';

export interface AckFacts {
  ref: string;
  teamName: string;
  receivedAt: string;
  timezone: string;
  attachments: { name: string; size: number }[];
  deadlines: Deadlines;
  /** Fields the report lacks (from extraction); null until extraction has run. */
  missing: string[] | null;
  /** Set when the report was encrypted to a retired or expired team key. */
  currentKeyNote: string | null;
}

function when(iso: string, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
  return `${text} (${timeZone})`;
}

export function ackText(f: AckFacts): string {
  const lines = [
    'Hello,',
    '',
    `Thank you for your report. We received it on ${when(f.receivedAt, f.timezone)} and filed it as ${f.ref}.`,
    '',
    f.attachments.length === 0 ? 'It had no attachments.' : 'We received these attachments:',
    ...f.attachments.map((a) => `  - ${a.name} (${a.size} bytes)`),
    '',
    'What happens next:',
    `  - first response (triage) by ${when(f.deadlines.triage, f.timezone)}`,
    `  - resolution target: ${when(f.deadlines.resolve, f.timezone)}`,
    `  - coordinated disclosure date: ${when(f.deadlines.disclosure, f.timezone)}`,
    'We will send you status updates until the report is resolved.',
  ];
  if (f.missing && f.missing.length > 0) {
    lines.push('', 'To help us triage, please send us:', ...f.missing.map((m) => `  - ${askLabel(m) ?? m}`));
  }
  if (f.currentKeyNote) lines.push('', f.currentKeyNote);
  lines.push('', `To add anything, reply to this message and keep [${f.ref}] in the subject.`, '', `-- `, f.teamName);
  return lines.join('\n');
}

export function keyRequestText(f: { ref: string; teamName: string; teamAddress: string; teamFingerprint: string; why: string }): string {
  return [
    'Hello,',
    '',
    `We received your message and filed it as ${f.ref}. This reply is signed but not encrypted, so it says nothing about`,
    `your report: ${f.why}.`,
    '',
    'Please send us your OpenPGP public key so we can write to you encrypted:',
    '  - attach it to a reply (gpg --armor --export you@example.org > key.asc), or',
    '  - let your mail client add it (Thunderbird: "Attach My Public Key"; Autocrypt clients do it by themselves).',
    '',
    `Encrypt to our key ${f.teamFingerprint} (${f.teamAddress}).`,
    `Keep [${f.ref}] in the subject of your reply.`,
    '',
    '-- ',
    f.teamName,
  ].join('\n');
}

export function undecryptableText(f: { teamName: string; teamAddress: string; teamFingerprint: string; reason: string }): string {
  return [
    'Hello,',
    '',
    `We received an encrypted message from you but could not read it: ${f.reason}.`,
    'We kept it as it arrived. Please send it again, encrypted to our current key:',
    '',
    `  ${f.teamFingerprint} (${f.teamAddress})`,
    '',
    'This reply is signed but not encrypted and says nothing about the content of your message.',
    '',
    '-- ',
    f.teamName,
  ].join('\n');
}

export interface StatusFacts {
  ref: string;
  teamName: string;
  timezone: string;
  status: string;
  reason: string | null;
  deadlines: Deadlines;
  patchDate: string | null;
}

const STATUS_WORDS: Record<string, string> = {
  new: 'received, waiting for triage',
  triaged: 'triaged: we are assessing it',
  accepted: 'accepted as a vulnerability',
  rejected: 'closed without a fix',
  'fix-scheduled': 'a fix is scheduled',
  fixed: 'fixed',
  disclosed: 'publicly disclosed',
  resolved: 'resolved',
};

/** Encrypted only: it names the status and dates of the report. */
export function statusUpdateText(f: StatusFacts): string {
  const lines = [
    'Hello,',
    '',
    `An update on ${f.ref}: ${STATUS_WORDS[f.status] ?? f.status}${f.reason ? ` (${f.reason})` : ''}.`,
    '',
    ...(f.patchDate ? [`The fix is scheduled for ${f.patchDate}.`] : []),
    `Coordinated disclosure date: ${when(f.deadlines.disclosure, f.timezone)}.`,
    ...(['rejected', 'disclosed', 'resolved'].includes(f.status) ? ['This is the last status update for this report. Thank you.'] : ['We will keep you posted until the report is resolved.']),
    '',
    `Reply to this message with [${f.ref}] in the subject to add anything.`,
    '',
    '-- ',
    f.teamName,
  ];
  return lines.join('\n');
}

/** Signed-only: says that there is news, and nothing about it. */
export function statusNoticeText(f: { ref: string; teamName: string; teamFingerprint: string }): string {
  return [
    'Hello,',
    '',
    `There is an update on ${f.ref}. We can only send its details encrypted, and we have no usable public key for your address.`,
    'Please reply with your OpenPGP public key attached, encrypted to our key:',
    '',
    `  ${f.teamFingerprint}`,
    '',
    '-- ',
    f.teamName,
  ].join('\n');
}
