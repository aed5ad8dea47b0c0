/** @module A report's timeline: its events and its messages' events in order, each with a one-line description for people. */
import type { EventRow, EventsRepo } from '../db/events.js';
import type { ReportsRepo } from '../db/reports.js';
import { findReport } from './find.js';

export interface TimelineEntry {
  id: number;
  /** As stored: ISO 8601 in UTC. */
  at: string;
  kind: string;
  messageId: number | null;
  /** The event's data exactly as stored. */
  data: Record<string, unknown>;
  /** One line, unescaped: callers escape it for the terminal. */
  summary: string;
}

type Data = Record<string, unknown>;

/** A stored value as text; anything but a string, number or boolean (data is from JSON) as compact JSON. */
const s = (v: unknown): string => (v === null || v === undefined ? '-' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));
const outbox = (d: Data) => `outbox ${s(d.outboxId)}`;
const oneLine = (text: unknown) => s(text).replace(/\r?\n/g, ' ⏎ ');

function unwrapped(d: Data): string {
  const dec = d.decryption as { encrypted?: boolean; ok?: boolean } | undefined;
  const sig = d.signature as { status?: string } | undefined;
  const enc = dec?.encrypted ? (dec.ok ? 'encrypted' : 'encrypted, not decrypted') : 'not encrypted';
  return `${enc}, signature ${s(sig?.status)}`;
}

function deadlineMoves(d: Data): string {
  const changes = (d.changes ?? {}) as Record<string, { from?: unknown; to?: unknown }>;
  const moves = Object.entries(changes).map(([k, c]) => `${k} ${s(c.from)} → ${s(c.to)}`);
  return `deadlines moved (${s(d.why)}): ${moves.join('; ') || '-'}`;
}

const DESCRIBE: Record<string, (d: Data) => string> = {
  'message.captured': (d) => `mail captured from ${s(d.source)}${d.sourceRef ? ` ${s(d.sourceRef)}` : ''}, ${s(d.size)} bytes`,
  'message.retry': () => 'mail processed again on request',
  'message.failed': (d) => `mail failed (${s(d.code)}): ${s(d.reason)}`,
  'message.duplicate': (d) => `duplicate mail (of message ${s(d.duplicateOf)})`,
  'report.received': (d) => `report ${s(d.ref)} received, ${unwrapped(d)}`,
  'report.reply': (d) => `reply${d.fromReporter === false ? ' from another sender' : ' from the reporter'} (via ${s(d.via)}), ${unwrapped(d)}`,
  'ack.suppressed': (d) => `acknowledgement withheld: ${s(d.reason)}`,
  'outbox.queued': (d) => `${s(d.kind)} queued (${outbox(d)})`,
  'outbox.sent': (d) => `${s(d.kind)} sent (${outbox(d)}), Message-ID <${s(d.messageId)}>`,
  'outbox.deferred': (d) => `${outbox(d)} deferred after ${s(d.attempts)} attempt(s), next ${s(d.next)}: ${s(d.reason)}`,
  'outbox.dead': (d) => `${outbox(d)} given up after ${s(d.attempts)} attempt(s): ${s(d.reason)}`,
  'outbox.rate-limited': (d) => `${outbox(d)} held by the per-recipient rate limit until ${s(d.until)}`,
  'outbox.retry': (d) => `${outbox(d)} queued again by the team (was ${s(d.from)})`,
  'report.status': (d) => `status ${s(d.from)} → ${s(d.to)}${d.reason ? ` (${s(d.reason)})` : ''}`,
  'report.deadlines': deadlineMoves,
  'report.patch-scheduled': (d) => `patch scheduled for ${s(d.patchDate)}${d.graceApplied ? ', disclosure waits for it' : ''}`,
  'report.team-reply': (d) => `team reply queued (${outbox(d)})`,
  'report.assigned': (d) => (d.to === null ? `unassigned (was ${s(d.from)})` : `assigned to ${s(d.to)}${d.from === null ? '' : ` (was ${s(d.from)})`}`),
  'report.note': (d) => `note: ${oneLine(d.text)}`,
  'flag.raised': (d) => `flag raised: ${s(d.flag)}`,
  'flag.cleared': (d) => `flag cleared: ${s(d.flag)}`,
};

/** Unknown kinds (added later, or by another version) still show, with their data. */
export function describeEvent(e: Pick<EventRow, 'kind' | 'data'>): string {
  const describe = Object.hasOwn(DESCRIBE, e.kind) ? DESCRIBE[e.kind] : undefined;
  return describe ? describe(e.data) : JSON.stringify(e.data);
}

export function reportTimeline(d: { reports: ReportsRepo; events: EventsRepo }, ref: string): { ref: string; events: TimelineEntry[] } {
  const r = findReport(d.reports, ref);
  return {
    ref: r.ref,
    events: d.events.timeline(r.id).map((e) => ({ id: e.id, at: e.at, kind: e.kind, messageId: e.messageId, data: e.data, summary: describeEvent(e) })),
  };
}
