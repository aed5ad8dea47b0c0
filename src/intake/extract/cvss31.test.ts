import { describe, expect, test } from 'vitest';
import { scoreCvss3 } from './cvss31.js';

// Expected scores are NVD's published ones; the temporal and environmental rows were checked with FIRST's cvsscalc31.js.
describe('cvss31', () => {
  test.each([
    ['network, no privileges, full impact scores 9.8', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['a typical reflected XSS scores 6.1', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['low privileges and full impact score 8.8', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8],
    ['a scope change caps at 10.0', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10],
    ['a local privilege escalation scores 7.8', 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
    ['high attack complexity scores 8.1', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.1],
    ['an availability-only DoS scores 7.5', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5],
    ['a CSRF with integrity impact scores 6.5', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N', 6.5],
    ['a changed scope with low confidentiality scores 5.8', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N', 5.8],
    ['no impact scores 0', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
    ['a physical, hard, low-impact vector scores 1.6', 'CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.6],
    ['temporal metrics lower the score to 8.8', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C', 8.8],
    ['low security requirements give an environmental 8.0', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:L/AR:L', 8],
    ['modified metrics replace base ones', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:L/MPR:H', 6.7],
    ['metrics in any order and lower case are accepted', 'cvss:3.1/a:h/i:h/c:h/s:u/ui:n/pr:n/ac:l/av:n', 9.8],
    ['a CVSS:3.0 vector uses the 3.0 rounding', 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
  ])('%s', (_name, vector, score) => {
    const r = scoreCvss3(vector);
    expect(r.ok && r.score).toBe(score);
  });

  test.each([
    ['a missing base metric is rejected', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H'],
    ['an unknown value is rejected', 'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'],
    ['a repeated metric is rejected', 'CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'],
    ['another version is rejected', 'CVSS:2.0/AV:N/AC:L/Au:N/C:C/I:C/A:C'],
  ])('%s', (_name, vector) => {
    expect(scoreCvss3(vector).ok).toBe(false);
  });
});
