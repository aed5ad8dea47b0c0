import { describe, expect, test } from 'vitest';
import { findReporter } from './reporter.js';
import { prepareBody } from './text.js';

const run = (text: string, from: { name: string | null; address: string } | null = { name: null, address: 'r@research.example' }, credit: string[] = []) => {
  const body = prepareBody(text);
  return findReporter(body.text, body.lines, from, body.text.length, credit);
};

describe('reporter', () => {
  test.each([
    ['the name under a sign-off', 'Details.\n\nBest regards,\nAda Lovelace\nSecurity Researcher', null, 'Ada Lovelace'],
    ['the name on the sign-off line', 'Details.\n\nThanks, Ada', null, 'Ada'],
    ['the name after a "-- " signature separator', 'Details.\n\n-- \nKai Nakamura\nSecurity Researcher', null, 'Kai Nakamura'],
    ['a French sign-off', 'Détails.\n\nCordialement,\nAntoine Girard', null, 'Antoine Girard'],
    ['"my name is"', 'My name is Carlos Méndez and I found a bug.', null, 'Carlos Méndez'],
    ['a "Credit:" line', 'Bug.\n\nCredit: Tomasz Wiśniewski', null, 'Tomasz Wiśniewski'],
    ['the From display name when the mail is unsigned', 'Bug details only.', 'Li Na', 'Li Na'],
    ['a fuller form of the signed name', 'Please credit Rafael Souza in the notes.\n\nObrigado,\nRafael', null, 'Rafael Souza'],
    ['the From name extending the signed first name', 'Bug.\n\nPlease credit me as @bialima\n\nBeatriz', 'Beatriz Lima', 'Beatriz Lima'],
    ['a handle as signature', 'Bug.\n\n-- \n0xcafe', null, '0xcafe'],
    ['not a sentence that starts with "I am"', 'I am forwarding an old note from my colleague.', null, null],
  ])('the name is %s', (_name, text, display, expected) => {
    expect(run(text, { name: display, address: 'r@research.example' }).reporter.value.name).toBe(expected);
  });

  test('the email is the From address', () => {
    expect(run('Bug.', { name: 'Ada', address: 'Ada@Research.example' }).reporter.value.email).toBe('ada@research.example');
  });

  test('a relayed report takes the researcher address from the body and another address is a contact', () => {
    const r = run('Researcher: Jane\nContact: jane@hunter.example, backup jane@other.example', { name: 'HackerOne', address: 'no-reply@hackerone.com' });
    expect(r.reporter.value).toMatchObject({ name: 'Jane', email: 'jane@hunter.example', contact: 'jane@other.example' });
  });

  const relay = { name: 'HackerOne', address: 'no-reply@hackerone.com' };
  test.each([
    ['after a long run of word characters', `${'x'.repeat(300)} reach me at jane@hunter.example`, 'jane@hunter.example'],
    ['after an "@" that starts no address', 'mail me @ home, or jane@hunter.example', 'jane@hunter.example'],
    ['with a local part of exactly 64 characters', `see ${'a'.repeat(64)}@hunter.example`, `${'a'.repeat(64)}@hunter.example`],
    ['not when the local part is longer than 64 characters', `see ${'a'.repeat(65)}@hunter.example`, null],
    ['the first of two addresses on one line', 'jane@hunter.example or joe@hunter.example', 'jane@hunter.example'],
  ])('a relayed report finds the body address %s', (_what, text, expected) => {
    expect(run(text, relay).reporter.value.email).toBe(expected);
  });

  test('a handle on a named network is a contact', () => {
    expect(run('Bug. Twitter: @ada_sec').reporter.value.contact).toBe('@ada_sec');
  });

  test.each([
    ['"please credit me" wants credit', 'Please credit me as Ada.', true],
    ['"I would appreciate being credited" wants credit', 'I would appreciate being credited as "John (Redline)".', true],
    ['"give me credit" wants credit', 'Please give me credit with name Li Na.', true],
    ['a French request wants credit', 'Je souhaite être créditée sous le nom « Chloé Petit ».', true],
    ['"keep me anonymous" does not', 'Please keep me anonymous, I do not want to be named.', false],
    ['"not publish my name" does not', 'Please not publish my name in the advisory.', false],
    ['a French request for anonymity does not', 'Je souhaite rester anonyme.', false],
    ['silence is null', 'Here is the bug.', null],
  ])('%s', (_name, text, expected) => {
    expect(run(text).creditWanted.value).toBe(expected);
  });

  test('a credit section naming someone wants credit', () => {
    expect(run('## Credit\nPriya Raman, Kestrel Security', null, ['Priya Raman, Kestrel Security']).creditWanted.value).toBe(true);
  });
});

describe('reporter: the From display name', () => {
  test.each([
    ['a trailing comment is dropped', 'Ada Lovelace (Acme Research)', 'Ada Lovelace'],
    ['a comment that does not end the name is kept', 'Ada (Acme) Lovelace', 'Ada (Acme) Lovelace'],
    ['an unclosed comment is kept', 'Ada Lovelace (Acme', 'Ada Lovelace (Acme'],
    ['the comment starts at its first parenthesis', 'Ada (one) (two)', 'Ada'],
    ['a comment never reaches back over a line break', 'Ada (x\nLovelace (y)', 'Ada (x\nLovelace'],
  ])('%s', (_name, display, expected) => {
    expect(run('Bug details only.', { name: display, address: 'r@research.example' }).reporter.value.name).toBe(expected);
  });

  // A regex over "(((…" retried from each parenthesis takes over ten seconds; a scan takes milliseconds.
  test('a display name of 100,000 opening parentheses is read in linear time and kept as written', { timeout: 5_000 }, () => {
    const display = '('.repeat(100_000);
    expect(run('Bug details only.', { name: display, address: 'r@research.example' }).reporter.value.name).toBe(display);
  });
});
