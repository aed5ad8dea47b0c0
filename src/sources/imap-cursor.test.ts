import { describe, expect, test } from 'vitest';
import { decodeCursor, encodeCursor, START } from './imap-cursor.js';

describe('IMAP cursor', () => {
  test.each([
    ['no cursor yet starts at the top', null, START, true],
    ['a cursor written by the IMAP source is read back', '{"uidvalidity":"1700000000","lastUid":42}', { uidvalidity: '1700000000', lastUid: 42 }, true],
    ['a row migrated from the old two-column table reads the same', '{"uidvalidity":"7","lastUid":0}', { uidvalidity: '7', lastUid: 0 }, true],
    ['a cursor before the first sync has no UIDVALIDITY', '{"uidvalidity":null,"lastUid":0}', START, true],
    ['text that is not JSON starts at the top', 'uidvalidity=7', START, false],
    ['a negative UID starts at the top', '{"uidvalidity":"7","lastUid":-1}', START, false],
    ['a UID beyond 32 bits starts at the top', '{"uidvalidity":"7","lastUid":4294967296}', START, false],
    ['a UIDVALIDITY that is not a number starts at the top', '{"uidvalidity":"7\\u001b[2J","lastUid":1}', START, false],
    ['extra keys start at the top', '{"uidvalidity":"7","lastUid":1,"x":1}', START, false],
  ])('%s', (_name, text, cursor, valid) => {
    expect(decodeCursor(text)).toEqual({ cursor, valid });
  });

  test('encoding then decoding gives the cursor back', () => {
    const c = { uidvalidity: '4294967295', lastUid: 4294967295 };
    expect(decodeCursor(encodeCursor(c))).toEqual({ cursor: c, valid: true });
  });
});
