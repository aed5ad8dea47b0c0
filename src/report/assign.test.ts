import { describe, expect, test } from 'vitest';
import { parseAssignee } from './assign.js';

describe('parseAssignee', () => {
  test.each([
    ['a name is kept as typed', 'Grace Hopper', 'Grace Hopper'],
    ['a name is trimmed', '  grace ', 'grace'],
    ['an address is lower-cased', 'Grace@Example.TEST', 'grace@example.test'],
    ['a dash is nobody', '-', null],
    ['a name in another script is kept', 'Мария', 'Мария'],
  ])('%s', (_name, input, expected) => {
    expect(parseAssignee(input)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ['an empty name', '   ', /empty/],
    ['"none", which lists unassigned reports', 'None', /unassigned/],
    ['an ESC sequence', 'grace\u001b[2J', /control or bidi/],
    ['a newline', 'grace\nSEC-2026-0001 resolved', /control or bidi/],
    ['a right-to-left override', 'ecarg\u202e', /control or bidi/],
    ['a display name with an address', 'Grace <grace@example.test>', /not one/],
    ['two addresses', 'a@example.test,b@example.test', /not one/],
    ['an address without a domain dot', 'grace@localhost', /not one/],
    ['a name longer than the bound', 'g'.repeat(255), /longer than 254/],
  ])('%s is refused', (_name, input, message) => {
    const r = parseAssignee(input);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toMatch(message);
  });
});
