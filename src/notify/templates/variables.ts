/**
 * @module The templated texts, their files, and the variables each exposes: exactly the facts its built-in template
 * uses, so an override can say them differently but can reach nothing more (no key, no passphrase, no report body, no
 * address the built-in leaves out).
 */
import type { Variables } from './render.js';

/** The languages secintake detects in a report (`extract/fields/language.ts`) and ships a set of templates for. */
export const TEMPLATE_LANGUAGES = ['en', 'fr'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];
export const isTemplateLanguage = (tag: string): tag is TemplateLanguage => (TEMPLATE_LANGUAGES as readonly string[]).includes(tag);

export const ACK_VARIABLES = {
  ref: 'text',
  /** The report's own subject, '' when it had none; only ever inside the encryption. */
  subject: 'text',
  received: 'text',
  triage: 'text',
  resolve: 'text',
  disclosure: 'text',
  has_attachments: 'flag',
  attachments: { list: { name: 'text', size: 'text' } },
  has_missing: 'flag',
  missing: { list: { ask: 'text' } },
  /** The report was encrypted to a retired or expired team key: the note naming the current one. */
  old_key_used: 'flag',
  old_key: 'text',
  old_key_status: 'text',
  team_key: 'text',
  team: 'text',
} as const satisfies Variables;

export const KEY_REQUEST_VARIABLES = {
  ref: 'text',
  key_problem: 'text',
  team_key: 'text',
  team_address: 'text',
  team: 'text',
} as const satisfies Variables;

export const STATUS_UPDATE_VARIABLES = {
  ref: 'text',
  subject: 'text',
  status: 'text',
  /** The team's reason for the change, '' when none was given. */
  reason: 'text',
  patch_date: 'text',
  disclosure: 'text',
  /** The last update: the report is rejected, disclosed or resolved. */
  final: 'flag',
  team: 'text',
} as const satisfies Variables;

const DIGEST_HEAD = { team: 'text', generated: 'text', summary: 'text' } as const;

export const DIGEST_TEXT_VARIABLES = {
  ...DIGEST_HEAD,
  sections: { list: { title: 'text', count: 'text', lines: { list: { line: 'text' } }, more: 'text' } },
} as const satisfies Variables;

export const DIGEST_HTML_VARIABLES = {
  ...DIGEST_HEAD,
  sections: { list: { title: 'text', count: 'text', has_rows: 'flag', rows: { list: { cells: { list: { cell: 'text' } } } }, more: 'text' } },
} as const satisfies Variables;

/**
 * Each templated text: its file under `templates.dir/<language>/`, its variables, whether it is HTML (every value
 * escaped), and whether it starts with a `Subject:` line — the encrypted inner subject. The outer, cleartext subject of
 * every mail stays built in: it says what the mail is for and nothing from the report.
 */
export const TEMPLATES = {
  ack: { file: 'ack.txt', variables: ACK_VARIABLES, mode: 'text', innerSubject: true },
  'key-request': { file: 'key-request.txt', variables: KEY_REQUEST_VARIABLES, mode: 'text', innerSubject: false },
  'status-update': { file: 'status-update.txt', variables: STATUS_UPDATE_VARIABLES, mode: 'text', innerSubject: true },
  digest: { file: 'digest.txt', variables: DIGEST_TEXT_VARIABLES, mode: 'text', innerSubject: false },
  'digest-html': { file: 'digest.html', variables: DIGEST_HTML_VARIABLES, mode: 'html', innerSubject: false },
} as const;
export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];
