import { describe, expect, test } from 'vitest';
import type { NarrativeInput } from '../narrative.js';
import { findSections } from '../sections.js';
import { prepareBody } from '../text.js';
import { findImpact as impact, IMPACT_PARTS } from './impact.js';
import { findPoc as poc, PAYLOAD_PARTS } from './poc.js';
import { CONFIG_PARTS, findSpecialConfiguration as specialConfiguration } from './special-configuration.js';
import { findSteps as steps } from './steps.js';
import { findSummary as summary } from './summary.js';
import { findTitle as title } from './title.js';

const input = (text: string, attachments: string[] = []): NarrativeInput => {
  const body = prepareBody(text);
  return { body, sections: findSections(body), scanEnd: text.length, subject: null, attachments: attachments.map((name) => ({ name, contentType: 'application/octet-stream', size: 1 })) };
};

describe('narrative', () => {
  test.each([
    ['a steps section', 'Steps to reproduce:\n1. Log in\n2. Open /x\n\nImpact: bad', '1. Log in\n2. Open /x'],
    ['a numbered list without heading', 'Found a bug.\n\n1. Log in as admin\n2. Click delete\n\nThanks', '1. Log in as admin\n2. Click delete'],
    ['"To reproduce:" on its own line', 'Bug.\n\nTo reproduce:\ncurl http://x/preview?url=http://169.254.169.254/', 'curl http://x/preview?url=http://169.254.169.254/'],
    ['no steps at all', 'The q parameter is injectable.', null],
  ])('steps: %s', (_name, text, expected) => {
    expect(steps(input(text)).value).toBe(expected);
  });

  test.each([
    ['a fenced code block', 'PoC below\n```\nimport requests\n```', 'import requests'],
    ['an HTTP request with headers and body', 'Request:\n\nPOST /run HTTP/1.1\nHost: x\n\nsort=(SELECT 1)\n\nThanks', 'sort=(SELECT 1)'],
    ['a curl command in a step', '1. Log in\n2. curl -s https://x/api', 'curl -s https://x/api'],
    ['a payload in a sentence', "/search?q=shoes' AND SLEEP(5)-- - answers later", 'AND SLEEP(5)'],
    ['an indented code block', 'wsbomb.py:\n    import zlib\n    ws.send(zlib.compress(b"x"))', 'ws.send(zlib.compress'],
    ['markup lines', 'Host this:\n<iframe src="https://x/delete"></iframe>', '<iframe src="https://x/delete"></iframe>'],
    ['a URL carrying another URL', 'Open https://login/return?next=https://evil.example now', 'next=https://evil.example'],
  ])('poc: %s', (_name, text, expected) => {
    expect(poc(input(text)).value).toContain(expected);
  });

  // Which lines a payload makes PoC material: each line on its own, never two lines read together.
  test.each([
    ['payload lines between prose lines, each taken alone', 'Hi.\nfirst <script>alert(1)</script>\nplain words\nthen union select 1\nbye', 'first <script>alert(1)</script>\n\nthen union select 1'],
    ['a payload at the start of the last line', 'Some prose.\n<iframe src=x>', '<iframe src=x>'],
    ['a payload that needs the next line is not one line\'s', "Text ending with '\nor 1=1 was it", 'or 1=1 was it'],
  ])('poc: %s', (_name, text, expected) => {
    expect(poc(input(text)).value).toBe(expected);
  });

  test('poc: an attachment named like a PoC counts, a signature does not', () => {
    expect(poc(input('See attachment.', ['exploit.py', 'signature.asc', 'screenshot.jpg'])).value).toBe('exploit.py');
  });

  test('poc: prose without code is no PoC', () => {
    expect(poc(input('The search is injectable, I did not dump data.')).value).toBeNull();
  });

  test.each([
    ['an impact section', 'Impact\n\nAn attacker holding a role can read every table.', 'read every table'],
    ['an "attacker can" sentence', 'The endpoint lacks checks, so an attacker can read any invoice. Thanks.', 'an attacker can read any invoice'],
    ['"anyone who can reach … gets"', 'widgetd fetches any URL, so anyone who can reach port 8080 gets the instance role credentials.', 'gets the instance role credentials'],
    ['a French sentence', "Un attaquant peut lire les fichiers du serveur.", 'lire les fichiers'],
    ['"Impact is …"', 'Impact is full control of router: change DNS.', 'full control of router'],
  ])('impact: %s', (_name, text, expected) => {
    expect(impact(input(text)).value).toContain(expected);
  });

  test('impact: a description without consequences has none', () => {
    expect(impact(input('The q parameter of /search is injectable (boolean-based blind).')).value).toBeNull();
  });

  test.each([
    ['a configuration section', 'Special configuration: replication must be enabled.', 'replication must be enabled.'],
    ['an "only when … enabled" sentence', 'This works only when the legacy API option is enabled in settings.', 'This works only when the legacy API option is enabled in settings.'],
    ['nothing said', 'SQL injection in search.', null],
  ])('specialConfiguration: %s', (_name, text, expected) => {
    expect(specialConfiguration(input(text)).value).toBe(expected);
  });

  test.each([
    ['the subject without reply prefixes', 'Re: Fwd: XSS in search', 'XSS in search'],
    ['the subject without a [security] tag', '[Security] SQLi in login', 'SQLi in login'],
  ])('title: %s', (_name, subject, expected) => {
    expect(title(subject, [], prepareBody('')).value).toBe(expected);
  });

  test('summary: the first paragraph after the greeting when there is no summary section', () => {
    expect(summary(input('Hello team,\n\nThe export endpoint leaks tokens.\nSecond line.\n\nMore.')).value).toBe('The export endpoint leaks tokens.\nSecond line.');
  });
});

describe('narrative: every named part of the long patterns', () => {
  // One sentence per part: that part alone must match it, so no part is dead and each reads on its own.
  const examples: [string, Readonly<Record<string, string>>, Record<string, string>][] = [
    ['impact', IMPACT_PARTS, {
      attackerCan: 'an attacker with a low-privilege account can read every invoice',
      impactIs: "l'impact est une fuite de données",
      grants: 'this gives full control of the router',
      ableTo: 'that is enough to steal the session',
      consequence: 'the missing check leads to account takeover',
      attaquantPeut: 'un attaquant distant peut exécuter du code',
      permet: 'cela permet de lire la base',
    }],
    ['special configuration', CONFIG_PARTS, {
      onlyWhen: 'only when the legacy API is on',
      requires: 'requires the import plugin enabled',
      notDefault: 'the feature is not enabled by default',
      byDefault: 'works in the default configuration',
      french: 'nécessite que le module soit chargé',
    }],
    ['poc payload', PAYLOAD_PARTS, {
      script: '<img src=x onerror=alert(1)>',
      sql: "' OR '1'='1",
      traversal: '../../../etc/passwd',
      xml: '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
      template: '{{7*7}}',
      ssrf: 'http://169.254.169.254/latest/meta-data',
      command: 'name=x;whoami',
      timing: "1; SELECT pg_sleep(5)",
      markup: '<?php system($_GET[0]); ?>',
      urlInUrl: '/login?next=https://evil.example',
    }],
  ];
  const rows = examples.flatMap(([pattern, parts, sentences]) => Object.entries(parts).map(([name, source]) => [pattern, name, source, sentences[name]] as const));

  test('every part has an example sentence', () => {
    expect(rows.filter((r) => r[3] === undefined).map((r) => `${r[0]}.${r[1]}`)).toEqual([]);
  });

  test.each(rows)('the %s part %s matches its example', (_pattern, _name, source, sentence) => {
    expect(new RegExp(source, 'i').test(sentence ?? '')).toBe(true);
  });
});
