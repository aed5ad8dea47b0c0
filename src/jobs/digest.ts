/** @module Job `digest`: the daily digest at `digest.time` in the configured zone, once per local day (the guard is in the database, so restarts and clock jumps cannot repeat a day). */
import type { Logger } from 'pino';
import { LIMITS } from '../limits.js';
import { digestSlot } from '../policy/digest-slot.js';
import type { DigestSent } from '../report/digest-send.js';
import type { Job } from './types.js';

export interface DigestJobDeps {
  timezone: string;
  time: string;
  recipients: readonly string[];
  clock: () => Date;
  /** A digest for this day or a later one is recorded. */
  covered(localDate: string): boolean;
  send(localDate: string): Promise<DigestSent>;
  log: Logger;
}

/**
 * Only the latest slot is ever sent: after days of downtime the missed days are one digest (everything since the last
 * one), not one per day. Between the slot and midnight nothing is due; at the next slot the next day is.
 */
export function digestJob(d: DigestJobDeps): Job {
  return {
    name: 'digest',
    every: LIMITS.digestCheckIntervalMs,
    async run() {
      if (d.recipients.length === 0) return;
      const slot = digestSlot(d.clock(), d.timezone, d.time);
      if (d.covered(slot.localDate)) return;
      const sent = await d.send(slot.localDate);
      if (sent.queued) d.log.info({ localDate: sent.localDate, encrypted: sent.encrypted, notices: sent.notices, counts: sent.digest.counts }, 'daily digest queued');
    },
  };
}
