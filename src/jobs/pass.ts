/** @module Adds up what each job of one pass reported into the `run --once` summary. */
import type { PassReport } from './types.js';

export function mergePass(parts: readonly Partial<PassReport>[]): PassReport {
  const total: PassReport = { messages: [], outbox: { sent: 0, deferred: 0, dead: 0 } };
  for (const p of parts) {
    if (p.messages) total.messages.push(...p.messages);
    if (p.outbox) {
      total.outbox.sent += p.outbox.sent;
      total.outbox.deferred += p.outbox.deferred;
      total.outbox.dead += p.outbox.dead;
    }
  }
  return total;
}
