/** @module Words and dates shared by the outgoing mail kinds. Pure. */
import type { ReporterKeyChoice } from '../../crypto/reporter-key.js';

/** Formatters per locale and zone (a few: both come from the config and the template languages); building one costs ~1 ms, about as much as the rest of an acknowledgement's text. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A date as a reporter reads it: weekday, date, time and zone abbreviation in the configured zone, then the zone name. */
export function when(iso: string, timeZone: string, locale = 'en-GB'): string {
  const key = `${locale} ${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
    formatters.set(key, format);
  }
  return `${format.format(new Date(iso))} (${timeZone})`;
}

/** The signature block every mail ends with (RFC 3676 §4.3 "-- " separator). */
export const signOff = (teamName: string): string[] => ['-- ', teamName];

/** Why a reporter's key cannot be used, in the words every answer that says so uses; about the key, never the report. */
export const REPORTER_KEY_WORDS: Record<Extract<ReporterKeyChoice, { ok: false }>['reason'], string> = {
  none: 'we have no public key for your address',
  expired: 'your public key is expired',
  revoked: 'your public key is revoked',
  'cannot-encrypt': 'your public key is not usable for encryption',
};
