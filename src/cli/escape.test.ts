import { describe, expect, test } from 'vitest';
import { escapeForTerminal, escapeLines, jsonForTerminal, term } from './escape.js';

describe('escapeForTerminal', () => {
  test.each([
    ['plain text is unchanged', 'SQL injection in /search', 'SQL injection in /search'],
    ['non-Latin text is unchanged', 'Injection SQL — 検索', 'Injection SQL — 検索'],
    ['an ESC sequence is shown, not obeyed', '\u001b[2Jcleared', '\\u001b[2Jcleared'],
    ['a title-setting OSC with BEL is shown', '\u001b]0;pwned\u0007', '\\u001b]0;pwned\\u0007'],
    ['CR and LF cannot forge a second line', 'ok\r\nSEC-2026-0001 resolved', 'ok\\u000d\\u000aSEC-2026-0001 resolved'],
    ['a tab is escaped too: columns stay where the table put them', 'a\tb', 'a\\u0009b'],
    ['NUL is shown', 'a\u0000b', 'a\\u0000b'],
    ['DEL is shown', 'a\u007fb', 'a\\u007fb'],
    ['a C1 CSI is shown', 'a\u009b31mb', 'a\\u009b31mb'],
    ['a right-to-left override is shown', 'a\u202Etxt.exe', 'a\\u202etxt.exe'],
    ['every bidi embedding and override is shown', '\u202a\u202b\u202c\u202d', '\\u202a\\u202b\\u202c\\u202d'],
    ['bidi isolates are shown', '\u2066\u2067\u2068\u2069', '\\u2066\\u2067\\u2068\\u2069'],
    ['bidi marks are shown', '\u200e\u200f\u061c', '\\u200e\\u200f\\u061c'],
    ['line and paragraph separators are shown', 'a\u2028b\u2029', 'a\\u2028b\\u2029'],
  ])('%s', (_name, input, expected) => {
    expect(escapeForTerminal(input)).toBe(expected);
  });
});

describe('term and escapeLines', () => {
  test.each([
    ['a template keeps its own text and escapes what is put into it', () => term`title:\t${'\u001b]0;x\u0007'} (${3} bytes)`, 'title:\t\\u001b]0;x\\u0007 (3 bytes)'],
    ['a null or missing value prints as nothing', () => term`a${null}b${undefined}c`, 'abc'],
  ])('%s', (_name, make, expected) => {
    expect(make()).toBe(expected);
  });

  test.each([
    ['lines stay lines', 'one\ntwo', ['one', 'two']],
    ['a CR cannot rewrite the start of a line', 'safe\rSEC-2026-0001 resolved', ['safe\\u000dSEC-2026-0001 resolved']],
    ['a CRLF text keeps its lines and shows the CR', 'a\r\nb', ['a\\u000d', 'b']],
    ['ESC and bidi inside a line are shown', '\u001b[31mred\u202e', ['\\u001b[31mred\\u202e']],
  ])('escapeLines: %s', (_name, input, expected) => {
    expect(escapeLines(input)).toEqual(expected);
  });
});

describe('jsonForTerminal', () => {
  test.each([
    ['a right-to-left override', 'a\u202Etxt.exe'],
    ['C1 and DEL, which JSON.stringify leaves raw', 'a\u009b31m\u007fb'],
    ['C0 controls, ESC and BEL', '\u001b]8;;x\u0007\r\n'],
    ['line and paragraph separators', 'a\u2028b\u2029'],
  ])('%s is written escaped and parses back to the exact string', (_name, text) => {
    const out = jsonForTerminal({ text, list: [text] });
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(JSON.parse(out)).toEqual({ text, list: [text] });
  });
});
