/** @module `secintake policy deadlines|holidays|render`: the policy engine from the command line, the same code the daemon uses. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { SecintakeError } from '../../errors.js';
import { cliConfig, printJson, printTable } from '../context.js';

/** Syntax only (YYYY-MM-DD[THH:MM[:SS]][Z|±HH:MM]); the time zone is applied once the config is read. */
const DATE_SYNTAX = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

function dateArg(value: string): string {
  if (!DATE_SYNTAX.test(value.trim())) throw new InvalidArgumentError('expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]');
  return value.trim();
}

function yearArg(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('expected a year, e.g. 2026');
  return Number(value);
}

const listArg = (value: string) => value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);

async function configCalendar(config: { timezone: string; policy: { holidays: string[] } }) {
  const { createCalendar } = await import('../../policy/calendar.js');
  return createCalendar({ timezone: config.timezone, holidays: config.policy.holidays });
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function policyCommand(root: Command): Command {
  // Inherit exitOverride from the program so a usage error reaches cli.ts and exits 2.
  const policy = new Command('policy').description('deadlines, holiday calendar and published policy').copyInheritedSettings(root);

  policy
    .command('deadlines')
    .description('compute the deadlines of a report received at DATE (a DATE without offset is in the configured time zone)')
    .requiredOption('--received <date>', 'receipt date-time (a bare date is 00:00 that day)', dateArg)
    .option('--exploited', 'exploited in the wild: the short disclosure deadline applies')
    .option('--patch <date>', 'date the patch is scheduled for', dateArg)
    .option('--json', 'print JSON: {received, timezone, deadlines:{triage, resolve, disclosure}}')
    .action(async (opts: { received: string; exploited?: boolean; patch?: string; json?: boolean }, cmd: Command) => {
      const config = cliConfig(cmd);
      const { parseDateInput, formatIso, localDateOf, weekday } = await import('../../policy/zoned.js');
      const { computeDeadlines } = await import('../../policy/deadlines.js');
      const calendar = await configCalendar(config);
      const tz = config.timezone;
      // dateArg checked the syntax; what is left is an impossible date such as 2026-02-30.
      const parse = (flag: string, text: string) => parseDateInput(text, tz) ?? cmd.error(`error: option '${flag}' argument '${text}' is not a real date`, { exitCode: 2 });
      const receivedAt = parse('--received <date>', opts.received);
      const patchDate = opts.patch === undefined ? null : localDateOf(parse('--patch <date>', opts.patch), tz);
      const d = computeDeadlines({ receivedAt, exploited: opts.exploited ?? false, patchDate }, config.policy, calendar);
      const received = formatIso(receivedAt, tz);
      if (opts.json) return printJson({ received, timezone: tz, deadlines: { triage: d.triage, resolve: d.resolve, disclosure: d.disclosure } });
      const p = config.policy;
      const day = (iso: string) => `${WEEKDAYS[weekday(iso.slice(0, 10))] ?? ''} ${iso}`;
      const disclosureRule = opts.exploited ? `${p.exploited_days} days (exploited in the wild)` : `${p.disclosure_days} days`;
      printTable(
        ['', 'WHEN', 'RULE'],
        [
          ['received', day(received), ''],
          ['triage', day(d.triage), `${p.triage_business_days} business days`],
          ['resolve', day(d.resolve), `${p.resolve_business_days} business days`],
          ['disclosure', day(d.disclosure), d.graceApplied ? `waits for the patch on ${patchDate ?? ''} (within ${p.grace_days} days of the deadline)` : `${disclosureRule}, next business day if off`],
        ],
      );
      const holidays = p.holidays.length > 0 ? `public holidays of ${p.holidays.join(', ')}` : 'no holiday calendar';
      process.stdout.write(`time zone ${tz}; days off: Saturday, Sunday, ${holidays}\n`);
    });

  policy
    .command('holidays')
    .description('list the public holidays the business-day calendar uses')
    .option('--year <yyyy>', 'year (default: this year in the configured time zone)', yearArg)
    .option('--json', 'print JSON: [{date, name, countries}]')
    .action(async (opts: { year?: number; json?: boolean }, cmd: Command) => {
      const config = cliConfig(cmd);
      const { weekday } = await import('../../policy/zoned.js');
      const calendar = await configCalendar(config);
      const year = opts.year ?? Number(calendar.localDate(new Date()).slice(0, 4));
      const list = calendar.holidaysInYear(year);
      if (opts.json) return printJson(list);
      if (list.length === 0) return void process.stdout.write(`no public holiday in ${year} (policy.holidays: [${config.policy.holidays.join(', ')}])\n`);
      printTable(
        ['DATE', 'DAY', 'CALENDARS', 'NAME'],
        list.map((h) => [h.date, WEEKDAYS[weekday(h.date)] ?? '', h.countries.join(', '), h.name]),
      );
    });

  policy
    .command('render')
    .description('render security.txt (RFC 9116) or a SECURITY.md section from the config and the current team key')
    .addOption(new Option('--format <format>', 'output format').choices(['security.txt', 'markdown']).makeOptionMandatory())
    .option('--policy-url <url>', 'https:// URL of the published disclosure policy (security.txt Policy)')
    .option('--key-url <url>', 'https:// URL of the public team key (security.txt Encryption, besides the fingerprint)')
    .option('--canonical <url>', 'https:// URL where this security.txt is served (security.txt Canonical)')
    .option('--acknowledgments <url>', 'https:// URL of the hall of fame (security.txt Acknowledgments)')
    .option('--languages <tags>', 'comma-separated language tags for Preferred-Languages (default: policy.languages)', listArg)
    .option('--sign', 'wrap security.txt in an OpenPGP cleartext signature by the team key (RFC 9116 §2.3)')
    .action(
      async (
        opts: { format: 'security.txt' | 'markdown'; policyUrl?: string; keyUrl?: string; canonical?: string; acknowledgments?: string; languages?: string[]; sign?: boolean },
        cmd: Command,
      ) => {
        const config = cliConfig(cmd);
        const { renderInputProblems, renderSecurityMd, renderSecurityTxt } = await import('../../policy/render.js');
        const links = { policy: opts.policyUrl, encryption: opts.keyUrl, canonical: opts.canonical, acknowledgments: opts.acknowledgments };
        // The languages the team answers in are the ones it publishes, unless told otherwise.
        const languages = opts.languages ?? config.policy.languages;
        const problems = renderInputProblems({ links, languages });
        if (problems.length > 0) cmd.error(`error: ${problems.join('; ')}`, { exitCode: 2 });
        if (opts.sign && opts.format !== 'security.txt') cmd.error('error: --sign applies to --format security.txt', { exitCode: 2 });

        const { loadKeyring } = await import('../../crypto/keyring.js');
        const { readSecretFile } = await import('../../config/secrets.js');
        const now = new Date();
        const ring = await loadKeyring(config.keys.dir, readSecretFile(config.keys.passphrase_file, 'keys.passphrase_file'), now);
        const key = ring.current;
        // Publishing a key that is expired (or none) would send reporters to a dead end.
        if (!key) throw new SecintakeError('E_KEYS_NONE', `no valid team key in ${config.keys.dir}`, { hint: 'run `secintake keys generate` (or --rotate) first' });

        const input = { team: config.team, timezone: config.timezone, policy: config.policy, teamKey: { fingerprint: key.fingerprint, expiresAt: key.expiresAt }, now, links, languages };
        if (opts.format === 'markdown') return void process.stdout.write(renderSecurityMd(input));
        const text = renderSecurityTxt(input);
        if (!opts.sign) return void process.stdout.write(text);
        const openpgp = await import('openpgp');
        const signed = await openpgp.sign({ message: await openpgp.createCleartextMessage({ text }), signingKeys: key.key });
        process.stdout.write(signed.endsWith('\n') ? signed : `${signed}\n`);
      },
    );
  return policy;
}
