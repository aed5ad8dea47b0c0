import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LIMITS } from '../../limits.js';
import { loadTemplates } from './load.js';
import { SAMPLE_VALUES } from './samples.js';
import { builtinTemplateSet, builtinWords, compileLetter, renderLetter } from './set.js';
import { TEMPLATE_LANGUAGES, TEMPLATE_NAMES } from './variables.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'secintake-templates-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const put = (path: string, text: string | Buffer) => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};

describe('language choice', () => {
  test.each([
    ['a French report, French listed', ['en', 'fr'], 'fr', 'fr', 'en'],
    ['an English report, French listed too', ['en', 'fr'], 'en', 'en', 'en'],
    ['a French report, French not listed', ['en'], 'fr', 'en', 'en'],
    ['a report of unknown language', ['fr', 'en'], null, 'en', 'fr'],
    ['a French report with a regional tag listed', ['fr-FR'], 'fr', 'fr', 'fr'],
    ['a language without a set', ['de', 'fr'], 'de', 'en', 'fr'],
  ])('%s (languages %j): answered in the report language %s -> %s, digest in %s', (_n, languages, report, answer, team) => {
    const set = builtinTemplateSet(languages);
    expect([set.forReport(report).language, set.forTeam().language]).toEqual([answer, team]);
  });
});

describe('built-in sets', () => {
  test.each(TEMPLATE_LANGUAGES.flatMap((l) => TEMPLATE_NAMES.map((n) => [l, n] as const)))('%s/%s compiles and renders its sample facts', (language, name) => {
    const { text } = renderLetter(builtinWords(language)[name], SAMPLE_VALUES[name]);
    expect(text.length).toBeGreaterThan(0);
  });

  test('the French acknowledgement is written in French, its subject too', () => {
    const { subject, text } = renderLetter(builtinWords('fr').ack, { ...SAMPLE_VALUES.ack, subject: '' });
    expect(subject).toBe('[SEC-2026-0001] Votre signalement');
    expect(text).toContain('Merci pour votre signalement.');
    expect(text).toContain('Pour nous aider à l\'analyser, merci de nous préciser :');
  });
});

describe('letters', () => {
  test.each([
    ['an ack without its Subject line', 'ack', 'Hello {{ref}}', 1, /starts with a "Subject: …" line/],
    ['an ack whose Subject line is not followed by a blank line', 'ack', 'Subject: [{{ref}}]\nHello', 1, /then a blank line/],
    ['a key request with a Subject line: its subject is cleartext', 'key-request', 'Subject: {{ref}}\n\nHello', 1, /built in/],
    ['a digest with a Subject line: its subject is counts only', 'digest', 'Subject: x\n\nHello', 1, /built in/],
    ['an unknown variable in the inner subject', 'ack', 'Subject: {{reporter_email}}\n\nHello', 1, /unknown variable \{\{reporter_email\}\}/],
    ['an unknown variable in the body, counted from the top of the file', 'ack', 'Subject: x\n\nHello\n{{body}}', 4, /unknown variable \{\{body\}\}/],
    ['a key request asking for the report subject', 'key-request', 'About {{subject}}', 1, /unknown variable \{\{subject\}\}/],
    ['a status update asking for the reporter address', 'status-update', 'Subject: x\n\n{{to}}', 3, /unknown variable \{\{to\}\}/],
  ])('%s is refused', (_n, name, source, line, message) => {
    const c = compileLetter(source, name as (typeof TEMPLATE_NAMES)[number]);
    expect(c.ok ? [] : c.problems).toContainEqual(expect.objectContaining({ line, message: expect.stringMatching(message) }));
  });

  test('a CRLF file reads as LF, and its last line break ends the file, not the text', () => {
    const c = compileLetter('Hello\r\n{{ref}}\r\n', 'key-request');
    expect(c.ok && renderLetter(c.letter, SAMPLE_VALUES['key-request']).text).toBe('Hello\nSEC-2026-0001');
  });
});

describe('templates.dir', () => {
  test('a file overrides its text in its language; the others keep the built-in', () => {
    put('fr/key-request.txt', 'Clé : {{key_problem}}\n');
    const loaded = loadTemplates(dir, ['en', 'fr']);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.files).toEqual([join(dir, 'fr/key-request.txt')]);
    expect(renderLetter(loaded.set.all.fr['key-request'], SAMPLE_VALUES['key-request']).text).toBe('Clé : your public key is expired');
    expect(loaded.set.all.fr.ack).toBe(builtinWords('fr').ack);
    expect(loaded.set.all.en['key-request']).toBe(builtinWords('en')['key-request']);
  });

  test.each([
    ['an unknown variable', 'en/ack.txt', 'Subject: x\n\nHi\n{{passphrase}}\n', 'en/ack.txt', 4, /unknown variable \{\{passphrase\}\}/],
    ['an unclosed section', 'fr/status-update.txt', 'Subject: x\n\n{{#final}}\nfin\n', 'fr/status-update.txt', 3, /unclosed section/],
    ['a misspelt file name', 'en/acknowledgement.txt', 'x', 'en/acknowledgement.txt', null, /not a template file \(a typo\?\)/],
    ['a language without a set', 'de/ack.txt', 'x', 'de', null, /not a language folder/],
    ['a file that is not UTF-8', 'en/digest.txt', Buffer.from([0x48, 0xff, 0xfe]), 'en/digest.txt', null, /not UTF-8/],
    ['a file too large', 'en/digest.txt', 'x'.repeat(LIMITS.templateMaxBytes + 1), 'en/digest.txt', null, /at most/],
  ])('%s is named with its file and line', (_n, path, text, file, line, message) => {
    put(path, text);
    const loaded = loadTemplates(dir, ['en']);
    expect(loaded.ok ? [] : loaded.problems).toContainEqual(expect.objectContaining({ file: join(dir, file), line, message: expect.stringMatching(message) }));
  });

  test.each([
    ['a folder that does not exist', (d: string) => join(d, 'missing')],
    ['a file where a template is expected', (d: string) => (mkdirSync(join(d, 'en', 'ack.txt'), { recursive: true }), d)],
  ])('%s is an unreadable-file problem', (_n, make) => {
    const target = make(dir);
    const loaded = loadTemplates(target, ['en']);
    expect(loaded.ok ? [] : loaded.problems).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/cannot read the (file|folder)/) }));
  });
});
