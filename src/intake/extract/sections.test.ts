import { describe, expect, test } from 'vitest';
import { findSections, headingKey } from './sections.js';
import { prepareBody } from './text.js';

describe('sections', () => {
  test.each([
    ['Steps to Reproduce', 'steps'], ['## Steps To Reproduce:', 'steps'], ['**How to reproduce**', 'steps'], ['Étapes pour reproduire', 'steps'],
    ['Proof of Concept', 'poc'], ['PoC (content of shell.php)', 'poc'], ['Preuve de concept', 'poc'],
    ['Impact', 'impact'], ['Demonstrated Impact', 'impact'], ['Conséquences', 'impact'],
    ['Affected versions', 'versions'], ['Versions affectées', 'versions'], ['Scope', 'product'], ['Affected product', 'product'],
    ['Weakness', 'type'], ['Bug type', 'type'], ['Special configuration', 'config'], ['Prérequis', 'config'],
    ['CVSS', 'cvss'], ['Remediation', 'fix'], ['Credit', 'credit'], ['Disclosure timeline', 'disclosure'], ['Summary', 'summary'],
    ['The login page', null], ['Hello team', null],
  ])('"%s" is a %s heading', (heading, key) => {
    expect(headingKey(heading)).toBe(key);
  });

  const keys = (text: string) => findSections(prepareBody(text)).map((s) => [s.key, s.text]);
  test.each([
    ['Markdown headings', '## Summary\nSQLi in search.\n\n## Impact\nData theft.', [['summary', 'SQLi in search.'], ['impact', 'Data theft.']]],
    ['setext headings', 'Impact\n------\nData theft.', [['impact', 'Data theft.']]],
    ['"Key: value" lines', 'Affected versions: 3.2.1\nImpact: an attacker reads data.', [['versions', '3.2.1'], ['impact', 'an attacker reads data.']]],
    ['bold headings', '**Steps**\n1. a\n2. b', [['steps', '1. a\n2. b']]],
    ['a numbered heading', '1. Summary\nText.', [['summary', 'Text.']]],
    ['a heading at the end of a sentence line', 'Exploit attached. Usage:\n  python3 x.py', [['steps', 'python3 x.py']]],
    ['a section ending at the sign-off', 'Impact:\nData theft.\n\nRegards,\nAda', [['impact', 'Data theft.']]],
    ['a numbered step is not a heading', 'Steps:\n1. Log in\n2. Reproduce the bug', [['steps', '1. Log in\n2. Reproduce the bug']]],
  ])('%s make sections', (_name, text, expected) => {
    expect(keys(text)).toEqual(expected);
  });

  test('a heading in a code block is code', () => {
    expect(keys('```\n## Impact\n```')).toEqual([]);
  });
});
