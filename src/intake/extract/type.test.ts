import { describe, expect, test } from 'vitest';
import { classifyType, cwesFor, explicitCwes } from './type.js';

const kind = (title: string, body = '', cwes: string[] = []) => classifyType({ title, declared: '', body, explicitCwes: cwes }).type;

describe('type', () => {
  test.each([
    ['a stored XSS', 'Stored XSS in project description', 'xss'],
    ['a French SQL injection', 'Injection SQL dans le module de facturation', 'sqli'],
    ['remote code execution', 'Remote code execution in template preview', 'rce'],
    ['SSRF', 'widgetd /preview SSRF', 'ssrf'],
    ['XXE', 'XXE in SAML endpoint', 'xxe'],
    ['CSRF', 'CSRF on role change', 'csrf'],
    ['IDOR by its symptom', 'invoices readable across accounts', 'idor'],
    ['an auth bypass', 'admin panel can be accessed without password', 'auth-bypass'],
    ['a path traversal', 'path traversal in backup download', 'path-traversal'],
    ['an open redirect in French', 'Redirection ouverte dans zeta-sso', 'open-redirect'],
    ['unsafe deserialization', 'Java deserialization in session cookie', 'deserialization'],
    ['a heap overflow', 'Heap buffer overflow in bar_parse_header()', 'buffer-overflow'],
    ['a ReDoS', 'ReDoS in User-Agent parsing', 'dos'],
    ['an information leak', 'docker image exposes .git directory', 'info-disclosure'],
    ['a privilege escalation', 'Local privilege escalation via writable plugin directory', 'privilege-escalation'],
    ['a race condition is other', 'Race condition in gift card redemption', 'other'],
    ['the root cause, not the consequence', 'SSRF leading to RCE', 'ssrf'],
  ])('%s is classified', (_name, title, expected) => {
    expect(kind(title)).toBe(expected);
  });

  test('nothing recognisable is null, so the acknowledgement asks for it', () => {
    expect(kind('A problem with your website', 'Please have a look.')).toBeNull();
  });

  test('an explicit CWE id decides between ambiguous words', () => {
    expect(kind('Bypass of the fix', 'the check can be bypassed', ['CWE-22'])).toBe('path-traversal');
  });

  test.each([
    ['explicit ids are kept in order, deduplicated', 'CWE-121 and cwe 787, again CWE-121', ['CWE-121', 'CWE-787']],
    ['no id gives none', 'no weakness id here', []],
  ])('%s', (_name, text, ids) => {
    expect(explicitCwes(text).ids).toEqual(ids);
  });

  test.each([
    ['the type default is used without explicit ids', 'sqli', [], ['CWE-89']],
    ['explicit ids win over the default', 'buffer-overflow', ['CWE-122'], ['CWE-122']],
    ['other has no default', 'other', [], []],
    ['no type, no CWE', null, [], []],
  ] as const)('%s', (_name, type, explicit, expected) => {
    expect(cwesFor(type, [...explicit])).toEqual(expected);
  });
});
