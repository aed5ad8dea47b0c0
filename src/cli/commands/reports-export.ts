/** @module `secintake reports export REF --format osv|csaf|cve|cra`: an advisory or the CRA summary as JSON, on stdout or in a new 0600 file. */
import { Command, Option } from 'commander';
import { SecintakeError } from '../../errors.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../export/types.js';
import { withRuntime } from '../context.js';

export function reportsExportCommand(): Command {
  return new Command('export')
    .description('export a report as an OSV, CSAF 2.0 or CVE JSON 5.2 advisory draft, or as the EU CRA Art. 14 summary')
    .argument('<ref>', 'reference, e.g. SEC-2026-0001')
    .addOption(new Option('--format <format>', 'what to export').choices(EXPORT_FORMATS).makeOptionMandatory())
    .option('--out <file>', 'write to this new file (0600) instead of stdout; never overwrites')
    .action(async (ref: string, opts: { format: ExportFormat; out?: string }, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const { exportReport } = await import('../../export/index.js');
        const record = rt.repos.reports.byRef(ref.toUpperCase());
        if (!record) throw new SecintakeError('E_REPORT_NOT_FOUND', `no report ${ref}`, { hint: 'see `secintake reports list` for the references' });
        const doc = exportReport(opts.format, {
          record,
          events: rt.repos.events.forReport(record.id),
          team: rt.config.team,
          timezone: rt.config.timezone,
          now: rt.clock(),
          craEnabled: rt.config.policy.cra,
        });
        const json = `${JSON.stringify(doc, null, 2)}\n`;
        if (opts.out === undefined) return void process.stdout.write(json);
        const { writeFileSync } = await import('node:fs');
        try {
          // 'wx': created here or not at all, so an existing file (or a planted symlink) is never written through.
          writeFileSync(opts.out, json, { flag: 'wx', mode: 0o600 });
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EEXIST') throw new SecintakeError('E_FILE_EXISTS', `${opts.out} exists`, { hint: 'choose a new file name, or remove the old export first' });
          throw new SecintakeError('E_INPUT', `cannot write ${opts.out}: ${code ?? String(e)}`, { cause: e, hint: 'check that the directory exists and is writable' });
        }
        process.stderr.write(`${record.ref}: ${opts.format} written to ${opts.out}\n`);
      });
    });
}
