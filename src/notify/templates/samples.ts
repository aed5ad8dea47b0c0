/** @module Sample facts for every templated text, typed by its variables: `config check` renders each template with them. */
import type { Values, ValuesOf } from './render.js';
import { renderLetter, type TemplateSet } from './set.js';
import { TEMPLATE_LANGUAGES, TEMPLATE_NAMES, type ACK_VARIABLES, type DIGEST_HTML_VARIABLES, type DIGEST_TEXT_VARIABLES, type KEY_REQUEST_VARIABLES, type STATUS_UPDATE_VARIABLES, type TemplateName } from './variables.js';

const DATE = 'Monday, 2 March 2026 at 11:00 CET (Europe/Paris)';
const TEAM = { team: 'Example Security' };

const ack: ValuesOf<typeof ACK_VARIABLES> = {
  ...TEAM,
  ref: 'SEC-2026-0001',
  subject: 'SQL injection in /search <b>&</b>',
  received: DATE,
  triage: DATE,
  resolve: DATE,
  disclosure: DATE,
  has_attachments: true,
  attachments: [{ name: 'poc.py', size: '1024' }],
  has_missing: true,
  missing: [{ ask: 'the impact: what an attacker gains' }],
  old_key_used: true,
  old_key: '0123456789ABCDEF0123456789ABCDEF01234567',
  old_key_status: 'retired',
  team_key: 'FEDCBA9876543210FEDCBA9876543210FEDCBA98',
};

const keyRequest: ValuesOf<typeof KEY_REQUEST_VARIABLES> = { ...TEAM, ref: 'SEC-2026-0001', key_problem: 'your public key is expired', team_key: ack.team_key, team_address: 'security@example.org' };

const statusUpdate: ValuesOf<typeof STATUS_UPDATE_VARIABLES> = { ...TEAM, ref: 'SEC-2026-0001', subject: ack.subject, status: 'a fix is scheduled', reason: 'backported to 2.2', patch_date: '2026-04-01', disclosure: DATE, final: false };

const head = { ...TEAM, generated: 'Mon 2026-03-02 11:00 +01:00 (Europe/Paris)', summary: '1 overdue, 0 due, 1 new' };
const digest: ValuesOf<typeof DIGEST_TEXT_VARIABLES> = { ...head, sections: [{ title: 'Overdue', count: '3', lines: [{ line: 'SEC-2026-0001 · <script>' }], more: '2' }, { title: 'New', count: '0', lines: [], more: '' }] };
const digestHtml: ValuesOf<typeof DIGEST_HTML_VARIABLES> = {
  ...head,
  sections: [{ title: 'Overdue', count: '3', has_rows: true, rows: [{ cells: [{ cell: 'SEC-2026-0001' }, { cell: '<script>' }] }], more: '2' }, { title: 'New', count: '0', has_rows: false, rows: [], more: '' }],
};

export const SAMPLE_VALUES: Record<TemplateName, Values> = { ack, 'key-request': keyRequest, 'status-update': statusUpdate, digest, 'digest-html': digestHtml };

/** Renders every text of every language with the samples; a checked template cannot fail, so a throw here is a bug. */
export function renderSamples(set: TemplateSet): void {
  for (const language of TEMPLATE_LANGUAGES) for (const name of TEMPLATE_NAMES) renderLetter(set.all[language][name], SAMPLE_VALUES[name]);
}
