/** @module The team desk under `secintake reports`: assign, note, timeline, attachments, and the list's --assignee/--due-within/--sort. */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ReportListing } from '../../db/reports.js';
import { LIMITS } from '../../limits.js';
import { formatIso } from '../../policy/zoned.js';
import { DUE_WITHIN_FORMS, parseDueWithin, selectForDesk, SORTS, windowEnd, type DueWindow, type Sort } from '../../report/desk-list.js';
import type { Desk } from '../../desk.js';
import { printJson, printTable, withDesk } from '../context.js';
import { escapeForTerminal } from '../escape.js';
import { groupedCount } from '../format.js';
import { readInput } from './ingest.js';

export interface DeskListOptions {
  status?: string;
  assignee?: string;
  dueWithin?: DueWindow;
  overdue?: boolean;
  sort: Sort;
  /** At most this many (LIMITS.reportsListDefault when neither is given), or every one with `all`. */
  limit?: number;
  all?: boolean;
}

const OVERDUE = new Set(['triage-overdue', 'resolution-overdue', 'disclosure-passed']);

const limitArg = (text: string): number => {
  const n = /^\d{1,7}$/.test(text) ? Number(text) : 0;
  if (n < 1 || n > LIMITS.reportsListMax) throw new InvalidArgumentError(`a whole number from 1 to ${LIMITS.reportsListMax}; --all for every report.`);
  return n;
};

const dueWithinArg = (text: string): DueWindow => {
  const w = parseDueWithin(text);
  if (!w) throw new InvalidArgumentError(`use ${DUE_WITHIN_FORMS}.`);
  return w;
};

/**
 * `reports list` as the desk filters and orders it (`--assignee none` is the unassigned reports): the first `limit` of
 * them, and how many match. Arrival and reference order come a page at a time from an index; a deadline order or window,
 * or --overdue, reads every matching report (without bodies) to decide.
 */
export async function deskList(desk: Desk, opts: DeskListOptions): Promise<{ reports: ReportListing[]; total: number }> {
  const who = opts.assignee?.trim();
  const filter = { status: opts.status, ...(who === undefined ? {} : { assignee: who.toLowerCase() === 'none' ? null : who }) };
  const limit = opts.all ? Number.POSITIVE_INFINITY : (opts.limit ?? LIMITS.reportsListDefault);
  if (!opts.all && !opts.dueWithin && !opts.overdue && opts.sort !== 'deadline') {
    return { reports: desk.repos.reports.page(filter, opts.sort, limit), total: desk.repos.reports.count(filter) };
  }
  const dueBy = opts.dueWithin ? windowEnd(opts.dueWithin, desk.clock(), await desk.calendar()) : undefined;
  const records = desk.repos.reports.list(filter).filter((r) => !opts.overdue || r.flags.some((f) => OVERDUE.has(f)));
  const selected = selectForDesk(records, { sort: opts.sort, ...(dueBy ? { dueBy } : {}) });
  return { reports: selected.slice(0, limit), total: selected.length };
}

/** On stderr, so stdout stays the documented JSON array: the list is a page, and how to see the rest. */
export function pageNote(shown: number, total: number): string | null {
  if (shown >= total) return null;
  return `showing ${groupedCount(shown)} of ${groupedCount(total)}; use --limit N or --all`;
}

/** `triage 2026-11-27 10:00` (the stored deadline's own local time; the zone is the policy's). */
export const deadlineCell = (d: { kind: string; at: string } | null) => (d === null ? null : `${d.kind} ${d.at.slice(0, 16).replace('T', ' ')}`);


export function addDeskCommands(reports: Command): void {
  const list = reports.commands.find((c) => c.name() === 'list');
  if (!list) throw new Error('reports list must be defined before the desk options are added to it');
  list
    .option('--assignee <who>', 'only reports assigned to this name or address; `none` for unassigned ones')
    .option('--due-within <window>', `only reports whose next deadline is within the window (overdue included): ${DUE_WITHIN_FORMS}`, dueWithinArg)
    .addOption(new Option('--sort <order>', 'order of the list').choices(SORTS).default('received'))
    .addOption(new Option('--limit <n>', `at most N reports, the first in the sort order (default ${LIMITS.reportsListDefault})`).argParser(limitArg).conflicts('all'))
    .option('--all', 'every matching report');

  reports
    .command('assign')
    .description('give a report to a team member (a name or an address), or take it back with --clear')
    .argument('<ref>', 'reference, e.g. SEC-2026-0001')
    .argument('[who]', 'name or address; - to unassign')
    .option('--clear', 'unassign the report')
    .option('--json', 'print JSON')
    .action(async (ref: string, who: string | undefined, opts: { clear?: boolean; json?: boolean }, cmd: Command) => {
      if (Boolean(opts.clear) === (who !== undefined)) cmd.error('error: give either WHO or --clear', { exitCode: 2, code: 'secintake.usage' });
      const { assign, assigneeOrThrow } = await import('../../report/assign.js');
      const assignee = opts.clear ? null : assigneeOrThrow(who ?? '');
      await withDesk(cmd, async (rt) => {
        const result = assign({ ...rt.repos, clock: rt.clock }, ref, assignee);
        if (opts.json) return printJson(result);
        const to = result.to === null ? 'unassigned' : `assigned to ${result.to}`;
        process.stdout.write(`${escapeForTerminal(`${result.ref}: ${to}${result.changed ? (result.from === null ? '' : ` (was ${result.from})`) : ' (unchanged)'}`)}\n`);
      });
    });

  reports
    .command('note')
    .description('add an internal note to a report: kept in its timeline, never sent to anyone')
    .argument('<ref>', 'reference, e.g. SEC-2026-0001')
    .requiredOption('--message-file <file>', 'the note (UTF-8), or - for standard input')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { messageFile: string; json?: boolean }, cmd: Command) => {
      const text = readInput(opts.messageFile).toString('utf8');
      const { addNote } = await import('../../report/note.js');
      await withDesk(cmd, async (rt) => {
        const result = addNote({ ...rt.repos, clock: rt.clock }, ref, text);
        if (opts.json) return printJson(result);
        process.stdout.write(`${result.ref}: note added (internal, not sent)\n`);
      });
    });

  reports
    .command('timeline')
    .description('everything that happened to a report, in order: mail in and out, status, deadlines and why they moved, notes, assignments, flags')
    .argument('<ref>', 'reference, e.g. SEC-2026-0001')
    .option('--json', 'print JSON (event data exactly as stored)')
    .action(async (ref: string, opts: { json?: boolean }, cmd: Command) => {
      const { reportTimeline } = await import('../../report/timeline.js');
      await withDesk(cmd, async (rt) => {
        const tz = rt.config.timezone;
        const t = reportTimeline(rt.repos, ref);
        if (opts.json) return printJson({ ref: t.ref, timezone: tz, events: t.events });
        const width = Math.max(0, ...t.events.map((e) => e.kind.length));
        const lines = [`${t.ref}, times in ${tz}`, ...t.events.map((e) => `${formatIso(new Date(e.at), tz)}  ${e.kind.padEnd(width)}  ${e.summary}`)];
        process.stdout.write(`${lines.map(escapeForTerminal).join('\n')}\n`);
      });
    });

  reports
    .command('attachments')
    .description('list a report\'s attachments, or write them out decrypted with --out (safe names, files 0600, nothing overwritten)')
    .argument('<ref>', 'reference, e.g. SEC-2026-0001')
    .option('--out <dir>', 'write the attachments into this directory (created 0700 when missing)')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { out?: string; json?: boolean }, cmd: Command) => {
      const { exportAttachments, listAttachments } = await import('../../report/attachments.js');
      await withDesk(cmd, async (rt) => {
        if (opts.out !== undefined) {
          const result = exportAttachments(rt.repos.reports, ref, opts.out);
          if (opts.json) return printJson(result);
          process.stdout.write(`${escapeForTerminal(`${result.ref}: ${result.written.length} attachment(s) written to ${result.dir}`)}\n`);
          if (result.written.length > 0) printTable(['FILE', 'SIZE', 'SHA256'], result.written.map((a) => [a.fileName, a.size, a.sha256]));
          return;
        }
        const result = listAttachments(rt.repos.reports, ref);
        if (opts.json) return printJson(result);
        if (result.attachments.length === 0) return void process.stdout.write(`${result.ref}: no attachments\n`);
        printTable(
          ['NAME', 'SIZE', 'TYPE', 'SHA256', 'MESSAGE', 'WRITTEN AS'],
          result.attachments.map((a) => [a.name, a.size, a.contentType, a.sha256, `${a.message.id}${a.message.messageId ? ` <${a.message.messageId}>` : ''}`, a.fileName]),
        );
      });
    });
}
