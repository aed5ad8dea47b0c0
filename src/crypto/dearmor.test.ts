import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, test } from 'vitest';
import { dearmoredMessage } from './dearmor.js';

let armored: string;
beforeAll(async () => {
  // Real armor: 76-character lines, a last line with padding, openpgp's own framing.
  armored = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: new Uint8Array(5000).map((_, i) => (i * 31) % 256) }), passwords: 'x', config: { aeadProtect: false } });
});

const body = (a: string) => a.slice(a.indexOf('\n\n') + 2, a.indexOf('-----END'));
const lines = (a: string) => body(a).split('\n').filter((l) => l !== '' && !l.startsWith('='));
const crc = (a: string) => body(a).split('\n').find((l) => l.startsWith('=')) ?? '';

describe('dearmor: a well-formed PGP MESSAGE gives exactly the packets openpgp would read', () => {
  test.each<[string, (a: string) => string]>([
    ['as openpgp writes it', (a) => a],
    ['with CRLF line ends', (a) => a.replace(/\n/g, '\r\n')],
    ['with armor headers', (a) => a.replace('-----\n', '-----\nVersion: GnuPG v2\nComment: https://example.test/key\n')],
    ['without its CRC-24 line (RFC 9580 makes it optional)', (a) => a.replace(`\n${crc(a)}\n`, '\n')],
    ['with blank lines around it and spaces after the BEGIN line', (a) => `\r\n \n${a.replace('MESSAGE-----\n', 'MESSAGE-----  \n')}\n\n`],
    ['with lines of 64 characters (gpg)', (a) => a.replace(body(a), `${lines(a).join('').replace(/.{64}/g, '$&\n')}\n${crc(a)}\n`)],
  ])('%s', async (_n, shape) => {
    const text = shape(armored);
    const ours = dearmoredMessage(Buffer.from(text, 'latin1'));
    expect(ours).not.toBeNull();
    expect(Buffer.from(ours as Uint8Array).equals(Buffer.from((await openpgp.unarmor(text)).data as Uint8Array))).toBe(true);
  });
});

describe('dearmor: anything else is left to openpgp (null), so odd armor keeps openpgp’s verdict', () => {
  test.each<[string, (a: string) => string]>([
    ['another block type', (a) => a.replaceAll('PGP MESSAGE', 'PGP SIGNATURE')],
    ['text before the BEGIN line', (a) => `hello\n${a}`],
    ['a BEGIN line that does not start its line', (a) => `  ${a}`],
    ['text after the END line', (a) => `${a}\nPS: call me`],
    ['no blank line after the headers', (a) => a.replace('-----\n\n', '-----\nVersion: x\n')],
    ['a header that is not `Key: value`', (a) => a.replace('-----\n', '-----\nnot a header\n')],
    ['a character outside base64 in the data', (a) => a.replace(lines(a)[1] as string, `${(lines(a)[1] as string).slice(0, 10)}*${(lines(a)[1] as string).slice(11)}`)],
    ['base64url characters in the data', (a) => a.replace(lines(a)[1] as string, `-_${(lines(a)[1] as string).slice(2)}`)],
    ['data after a padded line', (a) => a.replace('\n-----END', '\nAAAA==\nAAAA\n-----END')],
    ['no END line (cut off)', (a) => a.slice(0, a.indexOf('-----END'))],
    ['no data at all', () => '-----BEGIN PGP MESSAGE-----\n\n-----END PGP MESSAGE-----\n'],
    ['nothing', () => ''],
  ])('%s', (_n, shape) => {
    expect(dearmoredMessage(Buffer.from(shape(armored), 'latin1'))).toBeNull();
  });
});
