import { describe, expect, test } from 'vitest';
import { exploitedInTheWild, findCves, reportedToMitre } from './signals.js';

describe('signals', () => {
  test('CVE ids are upper-cased, deduplicated and sorted', () => {
    expect(findCves('see cve-2025-21002 and CVE-2025-21001, again CVE-2025-21002', 50).value).toEqual(['CVE-2025-21001', 'CVE-2025-21002']);
  });

  test.each([
    ['"actively exploited" is exploitation', 'This is actively exploited against our customers.', true],
    ['"seen in the wild" is exploitation', 'We have seen this used in the wild since May.', true],
    ['"being exploited in the wild" is exploitation', 'we are seeing this vulnerability being exploited in the wild', true],
    ['"exploitation en cours" is exploitation', 'Exploitation en cours chez plusieurs clients.', true],
    ['"activement exploitée" is exploitation', 'La faille est activement exploitée.', true],
    ['a negation is not', 'I see no sign that this one is being exploited in the wild.', false],
    ['"not aware of exploitation in the wild" is not', 'I am not aware of any exploitation in the wild.', false],
    ['a French negation is not', "Je n'ai pas constaté d'exploitation active.", false],
    ['a hypothesis is not', 'This could be exploited in the wild if combined with XSS.', false],
    ['silence is not', 'An attacker can read files.', false],
  ])('%s', (_name, text, expected) => {
    expect(exploitedInTheWild(text).value).toBe(expected);
  });

  test.each([
    ['"I have requested a CVE from MITRE"', 'I have requested a CVE from MITRE (request 1923811).', true],
    ['"I am requesting CVE to MITRE"', 'I am requesting CVE to MITRE already.', true],
    ['"assigned by MITRE"', 'CVE-2026-40112 (assigned by MITRE at my request)', true],
    ['"have been reserved"', 'CVE-2026-41877 have been reserved by me from MITRE.', true],
    ['a French request', "J'ai demandé un identifiant CVE au MITRE.", true],
    ['"I have not requested a CVE"', 'I have not requested a CVE.', false],
    ['"not report this to MITRE"', 'I am not report this to MITRE, you can do it.', false],
    ['"Not reported to MITRE"', 'Not reported to MITRE, I leave that to you.', false],
    ['asking the vendor to request one', 'Could you please request a CVE for this?', false],
    ['a French refusal', "Je n'ai pas demandé de CVE.", false],
    ['silence', 'An attacker can read files.', null],
  ])('%s is read as reported to MITRE = %s', (_name, text, expected) => {
    expect(reportedToMitre(text).value).toBe(expected);
  });
});
