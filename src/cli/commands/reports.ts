/** @module `secintake reports list|show`: what the intake holds. */
import { Argument, Command, Option } from 'commander';
import { SecintakeError } from '../../errors.js';
import { REJECT_REASONS } from '../../policy/status.js';
import { reportJson, reportSummaryJson } from '../../report/json.js';
import { REPORT_STATUSES } from '../../report/types.js';
import { printJson, printTable, withDesk, withRuntime } from '../context.js';
import { reportsExportCommand } from './reports-export.js';
import { addDeskCommands, deadlineCell, deskList, pageNote, type DeskListOptions } from './reports-desk.js';
import { localTime } from '../format.js';

/** `reports show`: one line per CRA clock, with its article, due time and state. */
export function reportsCommand(_root: Command): Command {
  const reports = new Command('reports').description('list and inspect reports');
  reports
    .command('list')
    .description('list reports')
    .addOption(new Option('--status <status>', 'only reports with this status').choices(REPORT_STATUSES))
    .option('--overdue', 'only reports with an overdue deadline')
    .option('--json', 'print JSON')
    .action(async (opts: DeskListOptions & { json?: boolean }, cmd: Command) => {
      await withDesk(cmd, async (rt) => {
        const page = await deskList(rt, opts);
        const list = page.reports.map(reportSummaryJson);
        const note = pageNote(list.length, page.total);
        if (note) process.stderr.write(`${note}\n`);
        if (opts.json) return printJson(list);
        if (list.length === 0) return void process.stdout.write('no reports\n');
        printTable(
          ['REF', 'STATUS', 'RECEIVED', 'ENCRYPTED', 'SIGNATURE', 'REPORTER', 'TYPE', 'SEVERITY', 'ASSIGNEE', 'NEXT DEADLINE', 'TITLE'],
          list.map((r) => [r.ref, r.status, localTime(r.receivedAt, rt.config.timezone), r.encryption.encrypted ? 'yes' : 'no', r.signature.status, r.reporter.email, r.vulnerabilityType, r.severity, r.assignee, deadlineCell(r.nextDeadline), r.title]),
        );
      });
    });
  reports
    .command('show')
    .description('show one report')
    .argument('<ref>', 'reference, e.g. SEC-2026-0001')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { json?: boolean }, cmd: Command) => {
      await withDesk(cmd, async (rt) => {
        const record = rt.repos.reports.byRef(ref.toUpperCase());
        if (!record) throw new SecintakeError('E_REPORT_NOT_FOUND', `no report ${ref}`, { hint: 'see `secintake reports list` for the references' });
        const base = reportJson(record, rt.repos.reports.attachments(record.id));
        const { reportCraClocks } = await import('../../report/cra.js');
        // Only with policy.cra on: the clocks are an obligation the team opted into, not noise on every report.
        const cra = rt.config.policy.cra ? reportCraClocks(record, rt.repos.events.forReport(record.id), rt.config.timezone, rt.clock()) : undefined;
        const json = cra === undefined ? base : { ...base, cra };
        if (opts.json) return printJson(json);
        const { reportShowLines } = await import('../report-view.js');
        process.stdout.write(`${reportShowLines(json, rt.config.timezone, cra).join('\n')}\n`);
      });
    });
  reports
    .command('set-status')
    .description('move a report through new → triaged → accepted | rejected → fix-scheduled → fixed → disclosed | resolved')
    .argument('<ref>', 'reference, e.g. SEC-2026-0001')
    .addArgument(new Argument('<status>', 'the new status').choices(REPORT_STATUSES))
    .addOption(new Option('--reason <reason>', 'why a report is rejected').choices(REJECT_REASONS))
    .option('--json', 'print JSON')
    .action(async (ref: string, status: string, opts: { reason?: string; json?: boolean }, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const { setStatus } = await import('../../report/status.js');
        const result = await setStatus(rt, ref, status, opts.reason ?? null);
        await rt.drain();
        if (opts.json) return printJson(result);
        process.stdout.write(`${result.ref}: ${result.from} → ${result.to}${result.updateQueued ? ', status update sent to the reporter' : ''}\n`);
      });
    });
  reports
    .command('schedule-patch')
    .description('record the date a fix ships; disclosure waits for it when it is within policy.grace_days of the deadline')
    .argument('<ref>', 'reference')
    .argument('<date>', 'YYYY-MM-DD, in the configured time zone')
    .option('--json', 'print JSON')
    .action(async (ref: string, date: string, opts: { json?: boolean }, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const { schedulePatch } = await import('../../report/status.js');
        const result = await schedulePatch(rt, ref, date);
        if (opts.json) return printJson(result);
        process.stdout.write(`${result.ref}: patch ${result.patchDate}; disclosure ${result.deadlines.disclosure}${result.graceApplied ? ' (moved to the patch date: within the grace period)' : ''}\n`);
      });
    });
  reports
    .command('reply')
    .description('send a signed and encrypted message to the reporter, in the report thread')
    .argument('<ref>', 'reference, e.g. SEC-2026-0001')
    .requiredOption('--message-file <file>', 'the text to send (UTF-8)')
    .option('--json', 'print the queued mail as JSON')
    .action(async (ref: string, opts: { messageFile: string; json?: boolean }, cmd: Command) => {
      const { readFileSync } = await import('node:fs');
      const text = readFileSync(opts.messageFile, 'utf8');
      await withRuntime(cmd, async (rt) => {
        const { queueTeamReply } = await import('../../report/team-reply.js');
        const queued = await queueTeamReply(rt, ref.toUpperCase(), text);
        const drained = await rt.drain();
        const mail = rt.repos.outbox.get(queued.outboxId);
        const result = { ref: ref.toUpperCase(), outboxId: queued.outboxId, messageId: queued.messageId, status: mail?.status ?? 'queued', lastError: mail?.lastError ?? null };
        if (opts.json) return printJson(result);
        process.stdout.write(`${result.ref}: reply ${result.status}${drained.deferred > 0 ? ' (will be retried)' : ''}, Message-ID <${result.messageId}>\n`);
      });
    });
  reports.addCommand(reportsExportCommand());
  addDeskCommands(reports);
  return reports;
}
