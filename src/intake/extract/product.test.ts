import { describe, expect, test } from 'vitest';
import { findProduct } from './product.js';

const product = (subject: string, body: string, declared: string[] = [], known: string[] = []) =>
  findProduct({ subject, body, declared: declared.map((text) => ({ text, start: 0 })), known }).value;

describe('product', () => {
  test.each([
    ['a product section', 'XSS', 'text', ['Acme Portal 2.3.1 (self-hosted)'], [], 'acme portal'],
    ['a scope line naming the product first', 'bug', 'text', ['plume-mail webmail, versions 5.1 to 5.2.x'], [], 'plume-mail'],
    ['a configured product mentioned in the body', 'bug', 'We run Acme Server in production.', [], ['acme-server'], 'acme-server'],
    ['the name before a version', 'SSRF in preview', 'widgetd 1.9 fetches any URL.', [], [], 'widgetd'],
    ['the name before a version in the subject only', 'SQL injection in /api/search (orbit-cms 3.2.1)', 'The q parameter is concatenated into SQL.', [], [], 'orbit-cms'],
    ['the subject name repeated in the body', 'quuxdb path traversal in backup download', 'quuxdb backup download endpoint returns files.', [], [], 'quuxdb'],
    ['a "name:" subject', 'nimbus-sync: Java deserialization in session cookie', 'The server deserializes the cookie.', [], [], 'nimbus-sync'],
    ['not a platform tag', '[HackerOne] Stored XSS in acme-web', 'Tested on acme-web 4.2.0', [], [], 'acme-web'],
    ['the product with versions over a product mentioned in passing', 'Fwd: path traversal in acme-server', 'fixed in acme-server last year also exists in widgetd. Affected: widgetd 4.0.1. widgetd logs.', [], [], 'widgetd'],
    ['nothing name-like', 'A problem', 'Your website has a problem.', [], [], null],
  ])('%s', (_name, subject, body, declared, known, expected) => {
    expect(product(subject, body, declared, known)).toBe(expected);
  });
});

describe('product: hostile lines stay linear', () => {
  // A trailing-run regex retried from each of 100,000 spaces takes over ten seconds; a scan takes milliseconds.
  test.each([
    ['a declared line with a long run of spaces inside is too long to be a name', [`acme-server${' '.repeat(100_000)}x`], null],
    ['a declared name followed by a long run of dots and spaces is the name', [`acme-server${'. '.repeat(50_000)}`], 'acme-server'],
  ])('%s', { timeout: 5_000 }, (_name, declared, expected) => {
    expect(product('bug', 'text', declared)).toBe(expected);
  });
});
