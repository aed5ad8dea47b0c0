/** @module One example per command, shown at the end of its --help; keyed by the command path, so a new command needs one line here (test/help.test.ts asks for it). */
import type { Command } from 'commander';

export const EXAMPLES: Record<string, string> = {
  '': 'secintake --config /etc/secintake/config.yaml reports list --overdue',
  run: 'secintake run --once --json',
  ingest: 'secintake ingest --json report.eml',
  reports: 'secintake reports list --status new',
  'reports list': 'secintake reports list --assignee none --due-within 3bd --sort deadline',
  'reports show': 'secintake reports show SEC-2026-0001 --json',
  'reports set-status': 'secintake reports set-status SEC-2026-0001 rejected --reason duplicate',
  'reports schedule-patch': 'secintake reports schedule-patch SEC-2026-0001 2026-10-05',
  'reports reply': 'secintake reports reply SEC-2026-0001 --message-file reply.txt',
  'reports assign': 'secintake reports assign SEC-2026-0042 grace@example.com',
  'reports note': 'secintake reports note SEC-2026-0042 --message-file note.txt',
  'reports timeline': 'secintake reports timeline SEC-2026-0042',
  'reports attachments': 'secintake reports attachments SEC-2026-0042 --out ./SEC-2026-0042',
  'reports export': 'secintake reports export SEC-2026-0001 --format osv',
  outbox: 'secintake outbox list --status dead',
  'outbox list': 'secintake outbox list --status dead --json',
  'outbox retry': 'secintake outbox retry 17',
  messages: 'secintake messages list --failed',
  'messages list': 'secintake messages list --failed --json',
  'messages show': 'secintake messages show 5 --raw > message-5.eml',
  'messages retry': 'secintake messages retry 5',
  digest: 'secintake digest --print',
  keys: 'secintake keys status',
  'keys generate': 'secintake keys generate --rotate --expires-days 730',
  'keys status': 'secintake keys status --json',
  'keys import': 'secintake keys import --reporter ada.asc',
  'keys pending': 'secintake keys pending --json',
  'keys approve': 'secintake keys approve 0123456789ABCDEF0123456789ABCDEF01234567',
  policy: 'secintake policy deadlines --received 2026-07-02T17:00',
  'policy deadlines': 'secintake policy deadlines --received 2026-07-02T17:00 --patch 2026-10-05 --json',
  'policy holidays': 'secintake policy holidays --year 2027',
  'policy render': 'secintake policy render --format security.txt --policy-url https://example.org/security --sign',
  config: 'secintake --config /etc/secintake/config.yaml config check',
  'config check': 'secintake --config /etc/secintake/config.yaml config check',
  db: 'secintake db backup /var/backups/secintake.db',
  'db backup': 'secintake db backup /var/backups/secintake.db',
};

/** Adds the example of `path` to the help of `cmd`; a command without one simply has none (and the help test fails). */
export function addExample(cmd: Command, path: string): void {
  const example = EXAMPLES[path];
  if (example !== undefined) cmd.addHelpText('after', `\nExample:\n  $ ${example}\n`);
}
