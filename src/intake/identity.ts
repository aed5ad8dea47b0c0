/** @module A message's identity for duplicate detection: its bytes without the trace fields each delivery adds. Pure. */
import { createHash } from 'node:crypto';
import { splitHeader } from '../mail/mime.js';

/**
 * Fields added in transit (RFC 5321 §4.4 trace fields and what delivery agents and filters stamp on). The same
 * message delivered twice (an MTA retry, a redelivery) differs only in these.
 */
const TRANSIT = /^(received|return-path|delivered-to|x-original-to|x-delivered-to|envelope-to|x-envelope-to|authentication-results|arc-[a-z-]+|x-spam-[a-z-]+|x-virus-[a-z-]+|x-received)$/i;

export function contentSha256(raw: Buffer): string {
  const { header, body } = splitHeader(raw);
  const kept = header
    .toString('latin1')
    .replace(/\r?\n(?=[ \t])/g, ' ')
    .split(/\r?\n/)
    .filter((line) => line !== '' && !TRANSIT.test(line.slice(0, Math.max(0, line.indexOf(':'))).trim()));
  return createHash('sha256').update(kept.join('\n')).update('\n\n').update(body).digest('hex');
}
