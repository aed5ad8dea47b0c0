import { describe, expect, test } from 'vitest';
import { LIMITS } from '../limits.js';
import { safeFileName } from './filename.js';

const long = (n: number, ch = 'a') => ch.repeat(n);

describe('safeFileName', () => {
  test.each([
    ['an ordinary name is kept', 'poc.py', 'poc.py'],
    ['a Unix path keeps only its last part', '../../etc/passwd', 'passwd'],
    ['a Windows path keeps only its last part', '..\\..\\Windows\\system32\\evil.dll', 'evil.dll'],
    ['a name that is only `..` becomes attachment-N', '..', 'attachment-3'],
    ['a path ending in a slash becomes attachment-N', 'dir/', 'attachment-3'],
    ['an empty name becomes attachment-N', '', 'attachment-3'],
    ['a name of spaces becomes attachment-N', '   ', 'attachment-3'],
    ['leading dots are removed, so nothing is hidden', '.bashrc', 'bashrc'],
    ['a right-to-left override is removed, showing the real extension', 'a\u202Etxt.exe', 'atxt.exe'],
    ['bidi isolates and marks are removed', '\u2067doc\u2069\u200F.pdf', 'doc.pdf'],
    ['a NUL is removed', 'evil.exe\u0000.txt', 'evil.exe.txt'],
    ['an ESC sequence loses its ESC and cannot colour the terminal', '\u001b[31mred.txt', '[31mred.txt'],
    ['C1 controls are removed (U+009B is a one-byte CSI)', 'x\u009b2Jy.txt', 'x2Jy.txt'],
    ['a newline cannot split the name over two lines', 'a\r\nb.txt', 'ab.txt'],
    ['a control hiding a path separator still loses the path', '..\u0000/..\u0000/etc/shadow', 'shadow'],
    ['characters Windows refuses become underscores', 'a<b>c:d"e|f?g*h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['trailing dots and spaces are removed (Windows drops them silently)', 'report.pdf. . ', 'report.pdf'],
    ['a Windows device name is prefixed', 'NUL.txt', '_NUL.txt'],
    ['a device-like longer name is kept', 'console.log', 'console.log'],
    ['a decomposed accent is composed (one spelling per name)', 'Re\u0301sume\u0301.pdf', 'Résumé.pdf'],
  ])('%s: %j', (_name, input, expected) => {
    expect(safeFileName(input, 3)).toBe(expected);
  });

  test.each([
    ['a 500-character name with an extension', `${long(500)}.pdf`, '.pdf'],
    ['a 500-character name with a two-part extension keeps the last part', `${long(500)}.tar.gz`, '.gz'],
    ['a 500-character name without an extension', long(500), ''],
    ['a 500-character name with a space in its "extension" is cut as a whole', `${long(300)}.not an extension`, ''],
  ])('%s is cut to the length bound and keeps its extension', (_name, input, ext) => {
    const out = safeFileName(input, 1);
    expect([...out].length).toBe(LIMITS.maxFileNameChars);
    expect(out.endsWith(ext)).toBe(true);
    expect(out.startsWith('aaa')).toBe(true);
  });

  test.each([
    ['four-byte characters', '😀', 4],
    ['two-byte characters', 'é', 2],
  ])('a long name of %s stays within the file system byte bound, extension kept, no character split', (_name, ch, bytes) => {
    const out = safeFileName(`${long(300, ch)}.txt`, 1);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(LIMITS.maxFileNameBytes);
    expect(Buffer.byteLength(out)).toBeGreaterThan(LIMITS.maxFileNameBytes - bytes - 1);
    expect(out.endsWith('.txt')).toBe(true);
    expect(out).not.toContain('\uFFFD');
    expect([...out.slice(0, -4)].every((c) => c === ch)).toBe(true);
  });

  test.each([
    ['a second name gets -2 before the extension', 'poc.py', ['poc.py'], 'poc-2.py'],
    ['a third gets -3', 'poc.py', ['poc.py', 'poc-2.py'], 'poc-3.py'],
    ['names differing only in case are duplicates', 'POC.py', ['poc.py'], 'POC-2.py'],
    ['a name without extension gets the suffix at the end', 'README', ['readme'], 'README-2'],
    ['a sanitised duplicate is caught after sanitising', '../poc.py', ['poc.py'], 'poc-2.py'],
    ['two empty names become distinct', '', ['attachment-1'], 'attachment-1-2'],
  ])('%s', (_name, input, taken, expected) => {
    expect(safeFileName(input, 1, taken)).toBe(expected);
  });

  test('a duplicate of a name at the length bound stays within the bound and keeps its suffix and extension', () => {
    const first = safeFileName(`${long(500)}.pdf`, 1);
    const second = safeFileName(`${long(500)}.pdf`, 2, [first]);
    expect(second).not.toBe(first);
    expect([...second].length).toBeLessThanOrEqual(LIMITS.maxFileNameChars);
    expect(second.endsWith('-2.pdf')).toBe(true);
  });
});
