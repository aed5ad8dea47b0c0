/**
 * @module Hostile input is linear, proven by counting (issue 11): for every parser that reads reporter-controlled
 * text, fast-check feeds adversarial strings (see adversarial.ts) and the counting harness (test/helpers/work-counter.ts)
 * checks that the work stayed within k·n + c and that no regex was offered more than the parser's window unless it is
 * linear by construction (its reason is written beside it). Timing is never asserted.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { escapeForTerminal, escapeLines, jsonForTerminal, term } from '../../src/cli/escape.js';
import { unwrap, type UnwrapContext } from '../../src/crypto/unwrap.js';
import { createContext } from '../../src/intake/extract/fields/context.js';
import { FIELDS } from '../../src/intake/extract/fields/index.js';
import { extract } from '../../src/intake/extract/index.js';
import type { ExtractInput } from '../../src/intake/extract/types.js';
import { autocryptKeys } from '../../src/crypto/autocrypt.js';
import { classifyAutomated, suppressionReason } from '../../src/intake/classify.js';
import { contentSha256 } from '../../src/intake/identity.js';
import { LIMITS } from '../../src/limits.js';
import { isOurMailbox, messageIds, parseAddress, refInSubject } from '../../src/mail/address.js';
import { decodeCharset } from '../../src/mail/charset.js';
import { safeFileName } from '../../src/mail/filename.js';
import { mailboxHeader, messageIdsHeader, unstructuredHeader } from '../../src/mail/header-writer.js';
import { htmlToText } from '../../src/mail/html.js';
import { canonicalize, encodeText } from '../../src/mail/pgp-mime.js';
import { bodyText, decodeWords, fileName, parseContentType, parseMime, topHeaders } from '../../src/mail/mime.js';
import { countWork, countWorkAsync, type Work } from '../helpers/work-counter.js';
import { assertBounded, hostileText, LINEAR, type Bound } from './adversarial.js';

/** Inputs up to this size: past every window a parser applies to a header, and past the extraction's scan window. */
const MAX_INPUT = 200_000;
/** Runs per parser: enough to try each family of units a few times, few enough that the file runs in seconds. */
const RUNS = 8;
const SEED = 20261101;
/** A regex offered at most this much stays cheap even if it backtracks quadratically (10^6 steps); longer inputs need a reason. */
const SHORT = 1_000;

const TRANSIT = `/${String.raw`^(received|return-path|delivered-to|x-original-to|x-delivered-to|envelope-to|x-envelope-to|authentication-results|arc-[a-z-]+|x-spam-[a-z-]+|x-virus-[a-z-]+|x-received)$`}/i`;
const UNSAFE = '/[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]/g';
const HEADER_LINES = { '/\\r?\\n(?=[ \\t])/g': LINEAR.oneChar, '/\\r?\\n/y': LINEAR.split };
const ENCODED_WORDS = { '/(\\?=)\\s+(=\\?)/g': LINEAR.delimited, '/=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=/g': LINEAR.delimited };
const HTML = {
  '/<(?![^<>]{0,2000}>)/g': LINEAR.bounded,
  // defuseHtml leaves only openers with a closer of their kind after them, found as this pattern closes (lastCloser).
  '/<(script|style|head|title)\\b[^>]*>[\\s\\S]*?<\\/\\1\\s*>/gi': LINEAR.delimited,
  '/<!--[\\s\\S]*?-->/g': LINEAR.delimited,
  '/<br\\b[^>]*>/gi': LINEAR.delimited,
  '/<\\/?(p|div|pre|li|ul|ol|tr|table|h[1-6]|blockquote|section|article)\\b[^>]*>/gi': LINEAR.delimited,
  '/<[^>]*>/g': LINEAR.delimited,
  '/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi': LINEAR.bounded,
  '/\\u00a0/g': LINEAR.oneChar,
  '/(?<![ \\t])[ \\t]+\\n/g': LINEAR.pinned,
  '/\\n{3,}/g': LINEAR.runAlone,
  '/[A-Z]+/g': LINEAR.runAlone,
  ...Object.fromEntries(['script', 'style', 'head', 'title'].map((tag) => [`/<\\/${tag}\\s*>/g`, LINEAR.delimited])),
};

interface Parser extends Bound {
  name: string;
  why: string;
  run(s: string): unknown;
}

/** The highest work per input character each parser reached; `MEASURE=1` prints them, to set k after a change. */
const ratios = new Map<string, number>();
function measured(name: string, work: Work, n: number): void {
  ratios.set(name, Math.max(ratios.get(name) ?? 0, work.total / Math.max(1, n)));
}
afterAll(() => {
  if (process.env.MEASURE) console.log([...ratios].map(([k, v]) => `${v.toFixed(2)}  ${k}`).join('\n'));
});

const noKeys: UnwrapContext['keyring'] = { keys: [], current: null, forKeyIds: () => [] };
const unwrapContext: UnwrapContext = {
  keyring: noKeys,
  limits: { maxMessageBytes: LIMITS.maxMessageBytes, maxDecompressedBytes: LIMITS.maxDecompressedBytes, maxMimeDepth: LIMITS.maxMimeDepth, maxMimeParts: LIMITS.maxMimeParts },
  knownKeys: [],
  from: null,
};
const latin1 = (s: string) => Buffer.from(s, 'latin1');

const SYNC_PARSERS: Parser[] = [
  {
    name: 'parseAddress (From, Reply-To)',
    run: (s) => [parseAddress(s), parseAddress(s.slice(0, LIMITS.maxAddressHeaderBytes)), isOurMailbox(s, 'security@example.org')],
    k: 10, c: 20 * LIMITS.maxAddressHeaderBytes,
    window: LIMITS.maxAddressHeaderBytes,
    why: 'isOurMailbox lowers and splits the whole value (measured 4.4 per character); the parser itself only ever sees the first maxAddressHeaderBytes, so its work is the constant',
  },
  {
    name: 'messageIds (Message-ID, In-Reply-To, References)',
    run: (s) => messageIds(s),
    k: 6, c: 1_000, window: SHORT,
    linear: { '/<([^<>]*)>/g': LINEAR.delimited, '/^[\\x21-\\x3b\\x3d\\x3f-\\x7e]{1,998}$/': LINEAR.bounded },
    why: 'one scan for bracketed ids and one bounded check per id, each character in at most one id (measured 3)',
  },
  {
    name: 'refInSubject ([SEC-…] in a subject)',
    run: (s) => refInSubject(s),
    k: 2, c: 100, window: SHORT,
    linear: { '/\\[(SEC-\\d{4}-\\d{4,})\\]/i': LINEAR.delimited },
    why: 'one scan that only starts at `[` (measured 1)',
  },
  {
    name: 'topHeaders (header block splitting and unfolding)',
    run: (s) => topHeaders(latin1(`Subject: ${s}\r\nReferences: ${s}\r\n\r\nbody`)),
    k: 30, c: 2_000, window: SHORT,
    linear: { ...HEADER_LINES, '/^[!-9;-~]+:/': LINEAR.bounded },
    why: 'the input is in two fields; each is found, unfolded, split into lines (one sticky try per position), trimmed and lower-cased: about seven passes each (measured 14)',
  },
  {
    name: 'parseMime (boundaries, part headers)',
    run: (s) => [
      parseMime(latin1(`Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n${s}\r\n--b--\r\n`), { maxDepth: LIMITS.maxMimeDepth }),
      parseMime(latin1(`Content-Type: multipart/mixed; boundary=b\r\n\r\n${s}`), { maxDepth: LIMITS.maxMimeDepth }),
    ],
    k: 10, c: 2_000, window: SHORT,
    linear: { ...HEADER_LINES, '/^[ \\t\\r]*$/': LINEAR.anchored },
    why: 'the input is in two messages; each is searched once for its header end and once for delimiters, and the delimiter lines read once (measured 4.1; a line of 10,000 boundaries cost 2,800 per character before the fix)',
  },
  {
    name: 'bodyText (quoted-printable, base64, charset)',
    run: (s) =>
      ['quoted-printable', 'base64', '8bit'].map((cte) => {
        const tree = parseMime(latin1(`Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n${s}`), { maxDepth: 1 });
        return tree.ok ? bodyText(tree.value) : null;
      }),
    k: 16, c: 3_000, window: SHORT,
    linear: { ...HEADER_LINES, '/=\\r?\\n/g': LINEAR.oneChar, '/[^A-Za-z0-9+/=]/g': LINEAR.oneChar },
    why: 'three messages, each split from its header, transfer-decoded (one pass) and charset-decoded (measured 7.6)',
  },
  {
    name: 'decodeWords, parseContentType, fileName (RFC 2047, RFC 2231)',
    run: (s) => {
      const tree = parseMime(latin1(`Content-Type: application/octet-stream; name*0*=utf-8''${s}; name*1="${s}"\r\nContent-Disposition: attachment; filename=${s}\r\n\r\nx`), { maxDepth: 1 });
      return [decodeWords(s), parseContentType(s), tree.ok ? fileName(tree.value) : null];
    },
    k: 60, c: 2_000, window: SHORT,
    linear: {
      ...HEADER_LINES,
      ...ENCODED_WORDS,
      '/^([^*]+)(?:\\*(\\d+))?(\\*)?$/': LINEAR.anchored,
      "/^([^']*)'[^']*'(.*)$/": LINEAR.anchored,
      '/%([0-9a-fA-F]{2})/g': LINEAR.bounded,
      '/\\\\(.)/g': LINEAR.oneChar,
    },
    why: 'the input is in four parameters and two calls; each copy is unfolded, split at semicolons, percent-decoded or word-decoded (measured 30)',
  },
  {
    name: 'decodeCharset (labels and bytes)',
    run: (s) => decodeCharset(latin1(s), s),
    k: 6, c: 100, window: SHORT,
    why: 'the label is trimmed and lower-cased once, the bytes read once (measured 3)',
  },
  {
    name: 'htmlToText (tags, comments, entities, white space)',
    run: (s) => htmlToText(s),
    k: 100, c: 1_000, window: SHORT, linear: HTML,
    why: 'defuseHtml (one `<` scan, and per tag kind an ASCII lower-casing, the closer scan and the opener search), six tag passes, entities and three white-space passes: about eighteen passes, over up to 4n once each unclosed `<` is `&lt;` (measured 71 on `<<<<`)',
  },
  {
    name: 'classifyAutomated and suppressionReason (bounces, auto-replies, loops)',
    run: (s) => {
      const headers = new Map([['from', [s]], ['reply-to', [s.slice(0, LIMITS.maxAddressHeaderBytes)]], ['content-type', [s]], ['auto-submitted', [s]], ['precedence', [s]], ['return-path', [s]]]);
      return [classifyAutomated(headers), suppressionReason(headers, 'security@example.org')];
    },
    k: 10, c: 40 * LIMITS.maxAddressHeaderBytes,
    linear: { '/report-type\\s*=\\s*"?delivery-status/': LINEAR.delimited },
    // parseAddress's own patterns and nodemailer's read at most the refused-above length.
    window: LIMITS.maxAddressHeaderBytes,
    why: 'each header value is trimmed and lower-cased once or twice (measured 4.4); addresses are refused over maxAddressHeaderBytes, so parsing them is the constant',
  },
  {
    name: 'safeFileName (attachment names)',
    run: (s) => safeFileName(s, 1, ['a.txt', s]),
    k: 20, c: 10_000, window: SHORT,
    linear: {
      [UNSAFE.replace(']/g', '\\ufeff]/g')]: LINEAR.oneChar,
      '/[\\\\/]/y': LINEAR.split,
      '/["<>|:*?]/g': LINEAR.oneChar,
      '/^\\.+/': LINEAR.anchored,
      '/(?<![\\s.])[\\s.]+$/': LINEAR.pinned,
      '/^(con|prn|aux|nul|com\\d|lpt\\d)(\\.|$)/i': LINEAR.bounded,
      '/\\s/': LINEAR.oneChar,
    },
    why: 'the input is the name and one taken name; normalised, cleaned in five passes, split at slashes, lower-cased for the taken check (measured 10); shortening works on at most maxFileNameChars',
  },
  {
    name: 'terminal escaping (cli/escape.ts)',
    run: (s) => [escapeForTerminal(s), jsonForTerminal({ s }), escapeLines(s), term`${s}`],
    k: 12, c: 100, window: SHORT,
    linear: { [UNSAFE]: LINEAR.oneChar },
    why: 'four escapes of the input, one pass each, plus JSON.stringify (measured 6)',
  },
  {
    name: 'header writer (echoed Subject, display name, References)',
    run: (s) => [unstructuredHeader('Subject', s), mailboxHeader('To', { name: s, address: 'ada@example.org' }), messageIdsHeader('References', messageIds(s))],
    k: 28, c: 1_000, window: SHORT,
    linear: {
      '/[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]+/g': LINEAR.runAlone,
      '/[^\\x20-\\x7e]/': LINEAR.oneChar,
      '/(["\\\\])/g': LINEAR.oneChar,
      '/<([^<>]*)>/g': LINEAR.delimited,
      '/^[\\x21-\\x3b\\x3d\\x3f-\\x7e]{1,998}$/': LINEAR.bounded,
    },
    why: 'the input is a subject, a display name and a References value: each cleaned of controls once, checked for ASCII, split at spaces for folding (measured 14)',
  },
  {
    name: 'contentSha256 (duplicate identity without trace fields)',
    run: (s) => contentSha256(latin1(`Received: ${s}\r\n${s}: x\r\nSubject: ${s}\r\n\r\nbody`)),
    k: 40, c: 2_000, window: SHORT,
    linear: { ...HEADER_LINES, [TRANSIT]: LINEAR.anchored },
    why: 'the input is in three fields; the header is read as latin1, unfolded and split once, each field name trimmed and checked once (measured 21)',
  },
  {
    name: 'canonicalize and encodeText (RFC 3156 §5 form of what we sign, which may quote a report)',
    run: (s) => [canonicalize(s), encodeText(s)],
    k: 40, c: 1_000, window: SHORT,
    linear: {
      '/\\r\\n|\\r|\\n/g': LINEAR.oneChar,
      '/(?<![ \\t])[ \\t]+$/': LINEAR.pinned,
      '/[^\\x20-\\x7e\\t]/': LINEAR.oneChar,
      '/[ \\t]$/': LINEAR.oneChar,
    },
    why: 'line endings made CRLF, split, trailing white space cut per line; encodeText adds quoted-printable, a few characters out per byte (measured 12)',
  },
];

const ASYNC_PARSERS: Parser[] = [
  {
    name: 'autocryptKeys (the Autocrypt header, for another address)',
    run: (s) => autocryptKeys(new Map([['autocrypt', [s, `addr=ada@example.org; ${s}`]]]), 'ada@example.org'),
    k: 20, c: 1_000, window: SHORT,
    why: 'each value is split at semicolons and each part trimmed and lower-cased once, in two values (measured 10)',
  },
  {
    name: 'unwrap (armor detection in text and HTML bodies)',
    run: (s) =>
      Promise.all(['text/plain', 'text/html'].map((type) => unwrap(latin1(`Content-Type: ${type}; charset=utf-8\r\n\r\n${s}`), unwrapContext))),
    k: 120, c: 5_000, window: SHORT,
    linear: { ...HEADER_LINES, ...HTML, '/\\r\\n/g': LINEAR.oneChar, '/^[!-9;-~]+:/': LINEAR.bounded },
    why: 'two messages (text and HTML), each parsed, decoded and scanned for armor once, the HTML one converted to text, which may read 4n (see htmlToText; measured 85 on `<<<<`)',
  },
];

describe('bounded work: mail and CLI parsers', () => {
  test.each(SYNC_PARSERS.map((p) => [p.name, p] as const))('%s does bounded work on adversarial input', (_name, p) => {
    fc.assert(
      fc.property(hostileText(MAX_INPUT), ({ text: s }) => {
        const { work } = countWork(() => p.run(s));
        measured(p.name, work, s.length);
        assertBounded(p.name, work, s.length, p);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  test.each(ASYNC_PARSERS.map((p) => [p.name, p] as const))('%s does bounded work on adversarial input', async (_name, p) => {
    await fc.assert(
      fc.asyncProperty(hostileText(MAX_INPUT), async ({ text: s }) => {
        const { work } = await countWorkAsync(async () => p.run(s));
        measured(p.name, work, s.length);
        assertBounded(p.name, work, s.length, p);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });
});

/** Everything extraction reads is windowed first: the body and the HTML to extractProcessChars, the subject to extractSubjectChars. */
const EXTRACT_N = (s: string) => Math.min(s.length, LIMITS.extractProcessChars);
const extractInput = (s: string, where: 'text' | 'html'): ExtractInput => ({
  subject: s,
  text: where === 'text' ? s : '',
  html: where === 'html' ? s : null,
  from: { name: null, address: 'ada@example.org' },
  attachments: [{ name: 'poc.py', contentType: 'text/x-python', size: 100 }],
  receivedAt: new Date(Date.UTC(2026, 0, 5)),
});
const policy = { supportedVersions: { acme: ['1.x', '2.2.x'] } };
/** No extraction regex sees more than the windowed body plus the windowed subject (withSubject joins them). */
const EXTRACT_WINDOW = LIMITS.extractProcessChars + LIMITS.extractSubjectChars + 1;
/**
 * The shared passes: windowing, HTML to text (about twenty passes, see htmlToText), quote blanking (line split and a
 * few anchored tests per line) and the section scan: measured 52 per character of window on HTML, fewer on text.
 */
const CONTEXT: Bound = { k: 120, c: 200_000, window: EXTRACT_WINDOW };
/**
 * One field with the analyses it is the first to need: each reads the scan window or the sections with a few dozen
 * patterns (the costliest, vulnerabilityType, measured 20 per character of window). The window, not a per-pattern
 * review, bounds the 100-odd extraction patterns: none reads past it (c covers the fixed subject and attachment work).
 */
const FIELD: Bound = { k: 50, c: 200_000, window: EXTRACT_WINDOW };

describe('bounded work: extraction', () => {
  test.each(['text', 'html'] as const)('the context and then each field stay within their bounds on an adversarial %s body and subject', (where) => {
    fc.assert(
      fc.property(hostileText(MAX_INPUT), ({ text: s }) => {
        const n = EXTRACT_N(s);
        const { result: ctx, work } = countWork(() => createContext(extractInput(s, where), policy));
        measured(`context (${where})`, work, n);
        assertBounded(`context (${where})`, work, n, CONTEXT);
        for (const f of FIELDS) {
          const field = countWork(() => ctx.field<unknown>(f));
          measured(`field ${f.key} (${where})`, field.work, n);
          assertBounded(`field ${f.key} (${where})`, field.work, n, FIELD);
        }
      }),
      { seed: SEED, numRuns: RUNS / 2, endOnFailure: true },
    );
  });

  test.each([
    ['newlines', '\n'],
    ['CRLF', '\r\n'],
    ['one letter', 'a'],
    ['CVE ids', 'CVE-2024-1234 '],
    ['HTML line breaks', '<br>'],
  ])('extraction of 2 MB of %s (body and subject) costs what its window costs, not what its length would', (_what, unit) => {
    const work = (chars: number) => {
      const s = unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
      return countWork(() => extract(extractInput(s, unit === '<br>' ? 'html' : 'text'), policy)).work;
    };
    const big = work(2 * 1024 * 1024);
    expect(big.maxRegexInput).toBeLessThanOrEqual(EXTRACT_WINDOW);
    expect(big.total).toBeLessThanOrEqual(work(LIMITS.extractProcessChars).total + 1_000);
  });
});
