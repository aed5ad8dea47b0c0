/** @module Words and dates shared by the outgoing mail kinds. Pure. */
import type { ReporterKeyChoice } from '../../crypto/reporter-key.js';

/** A date as a reporter reads it: weekday, date, time and zone abbreviation in the configured zone, then the zone name. */
export function when(iso: string, timeZone: string): string {
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

/** A report status in words for the reporter; an unknown status is shown as it is. */
export const statusWords = (status: string): string => STATUS_WORDS[status] ?? status;

/** The signature block every mail ends with (RFC 3676 §4.3 "-- " separator). */
export const signOff = (teamName: string): string[] => ['-- ', teamName];

/** Why a reporter's key cannot be used, in the words every answer that says so uses; about the key, never the report. */
export const REPORTER_KEY_WORDS: Record<Extract<ReporterKeyChoice, { ok: false }>['reason'], string> = {
  none: 'we have no public key for your address',
  expired: 'your public key is expired',
  revoked: 'your public key is revoked',
  'cannot-encrypt': 'your public key is not usable for encryption',
};
