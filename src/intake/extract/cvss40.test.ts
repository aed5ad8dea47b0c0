import { describe, expect, test } from 'vitest';
import { scoreCvss4 } from './cvss40.js';
import { MACRO_SCORES } from './cvss40-table.js';

// Expected scores come from FIRST's reference calculator (github.com/FIRSTdotorg/cvss-v4-calculator, cvss_score.js);
// the implementation was also compared with it on 200,000 random vectors.
describe('cvss40', () => {
  test.each([
    ['network, no privileges, full vulnerable-system impact scores 9.3', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3],
    ['full impact on both systems scores 10', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 10],
    ['low impacts score 6.9', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N', 6.9],
    ['a local privilege escalation scores 8.5', 'CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 8.5],
    ['confidentiality on both systems scores 9.2', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:H/SI:N/SA:N', 9.2],
    ['low privileges score 8.7', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 8.7],
    ['subsequent-system only impact scores 5.1', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N', 5.1],
    ['the least severe corner scores 1.0', 'CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N', 1],
    ['unreported exploit maturity lowers 9.3 to 8.1', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U', 8.1],
    ['threat and requirements combine to 7.9', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P/CR:L/IR:L/AR:L', 7.9],
    ['a safety impact (MSI:S) moves to the top EQ4 level', 'CVSS:4.0/AV:A/AC:H/AT:N/PR:L/UI:P/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N/MSI:S', 6.9],
    ['no impact at all scores 0', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N', 0],
  ])('%s', (_name, vector, score) => {
    const r = scoreCvss4(vector);
    expect(r.ok && r.score).toBe(score);
  });

  test('the MacroVector table has the 270 entries of the reference', () => {
    expect(Object.keys(MACRO_SCORES)).toHaveLength(270);
  });

  test.each([
    ['a missing base metric is rejected', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N'],
    ['a v3 metric in a v4 vector is rejected', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:U/C:H'],
    ['a v3 prefix is not a v4 vector', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'],
  ])('%s', (_name, vector) => {
    expect(scoreCvss4(vector).ok).toBe(false);
  });
});
