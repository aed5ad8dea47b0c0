import { describe, expect, test } from 'vitest';
import { findSections, HEADING_WORDS, headingKey, wholeHeading } from './sections.js';
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

describe('sections: every named part of the heading words', () => {
  // One heading per part: it must be a whole match of that part alone, and read as that key with every part in place.
  const examples: Record<string, string> = {
    'steps.stepsTo': 'Steps to reproduce the issue', 'steps.howTo': 'How to trigger it', 'steps.reproduction': 'Reproduction instructions',
    'steps.french': 'Étapes de reproduction', 'steps.usage': 'Walkthrough',
    'poc.proofOfConcept': 'Proof-of-concept script', 'poc.exploit': 'Exploit code', 'poc.request': 'Raw request', 'poc.french': 'Charge utile',
    'impact.impact': 'Business impact', 'impact.consequences': 'What an attacker can achieve', 'impact.french': 'Impact sur la sécurité',
    'summary.summary': 'Executive summary', 'summary.description': 'Technical details', 'summary.theIssue': 'TL;DR',
    'summary.french': 'Description de la vulnérabilité', 'summary.background': 'Root cause analysis',
    'product.product': 'Affected software', 'product.french': 'Produit concerné', 'product.scope': 'In scope',
    'versions.versions': 'Impacted versions', 'versions.french': 'Versions vulnérables', 'versions.affects': 'Affected releases',
    'type.typeOf': 'Bug class', 'type.weakness': 'Weaknesses', 'type.french': 'Type de faille', 'type.cwe': 'CWE ID',
    'config.configuration': 'Non-default setup', 'config.prerequisites': 'Preconditions', 'config.french': 'Configuration requise',
    'cvss.cvss': 'CVSS v3.1 base score', 'cvss.severity': 'Severity rating', 'cvss.french': 'Vecteur CVSS',
    'fix.fix': 'Suggested fix', 'fix.french': 'Mesures correctives', 'references.links': 'See also',
    'credit.credit': 'Acknowledgements', 'credit.finder': 'Discovered by', 'credit.french': 'Découvert par',
    'disclosure.disclosure': 'Disclosure timeline', 'disclosure.french': 'Calendrier de divulgation', 'cve.ids': 'CVE identifiers',
    'environment.environment': 'Testing environment', 'environment.results': 'Expected behaviour', 'environment.notes': 'Additional context',
  };
  const parts = Object.entries(HEADING_WORDS).flatMap(([key, named]) => Object.entries(named).map(([name, words]) => [`${key}.${name}`, key, words] as const));

  test('every part has an example below', () => {
    expect(parts.map(([id]) => id).filter((id) => !(id in examples))).toEqual([]);
  });

  // headingKey tells the keys apart by the group that matched, so a part's own group would shift every key after it.
  test.each(parts)('the %s part has no capturing group of its own', (_id, _key, words) => {
    expect((new RegExp(`|${words}`).exec('') as RegExpExecArray).length).toBe(1);
  });

  test.each([
    ['tested on', 'versions'],
    ['affected', 'versions'],
    ['vulnerability', 'type'],
    ['background', 'summary'],
    ['nothing we know', null],
  ])('the first key whose words match the whole heading wins: "%s" is %s', (heading, key) => {
    expect(headingKey(heading)).toBe(key);
  });

  test.each(parts)('the %s part reads its example as a %s heading', (id, key, words) => {
    const example = examples[id] ?? '';
    expect(wholeHeading({ words }).test(example.toLowerCase())).toBe(true);
    expect(headingKey(example)).toBe(key);
  });
});
