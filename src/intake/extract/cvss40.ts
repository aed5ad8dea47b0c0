/** @module CVSS v4.0 calculator: MacroVector lookup plus interpolation inside the MacroVector (FIRST CVSS v4.0 specification §8). */
import { parseMetrics } from './cvss-metrics.js';
import { MACRO_SCORES, MAX_COMPOSED, MAX_SEVERITY } from './cvss40-table.js';
import type { VectorResult } from './cvss31.js';

/** Metrics in the spec's order (§7), first value listed is the default when absent. */
const METRICS: Record<string, readonly string[]> = {
  AV: ['N', 'A', 'L', 'P'], AC: ['L', 'H'], AT: ['N', 'P'], PR: ['N', 'L', 'H'], UI: ['N', 'P', 'A'],
  VC: ['N', 'L', 'H'], VI: ['N', 'L', 'H'], VA: ['N', 'L', 'H'], SC: ['N', 'L', 'H'], SI: ['N', 'L', 'H'], SA: ['N', 'L', 'H'],
  E: ['X', 'A', 'P', 'U'],
  CR: ['X', 'H', 'M', 'L'], IR: ['X', 'H', 'M', 'L'], AR: ['X', 'H', 'M', 'L'],
  MAV: ['X', 'N', 'A', 'L', 'P'], MAC: ['X', 'L', 'H'], MAT: ['X', 'N', 'P'], MPR: ['X', 'N', 'L', 'H'], MUI: ['X', 'N', 'P', 'A'],
  MVC: ['X', 'H', 'L', 'N'], MVI: ['X', 'H', 'L', 'N'], MVA: ['X', 'H', 'L', 'N'], MSC: ['X', 'H', 'L', 'N'],
  MSI: ['X', 'S', 'H', 'L', 'N'], MSA: ['X', 'S', 'H', 'L', 'N'],
  S: ['X', 'N', 'P'], AU: ['X', 'N', 'Y'], R: ['X', 'A', 'U', 'I'], V: ['X', 'D', 'C'], RE: ['X', 'L', 'M', 'H'],
  U: ['X', 'CLEAR', 'GREEN', 'AMBER', 'RED'],
};
const MANDATORY = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'];

/** Severity distance of each metric value from the most severe one, in steps of 0.1 (reference cvss_score.js). */
const LEVELS: Record<string, Record<string, number>> = {
  AV: { N: 0.0, A: 0.1, L: 0.2, P: 0.3 }, PR: { N: 0.0, L: 0.1, H: 0.2 }, UI: { N: 0.0, P: 0.1, A: 0.2 },
  AC: { L: 0.0, H: 0.1 }, AT: { N: 0.0, P: 0.1 },
  VC: { H: 0.0, L: 0.1, N: 0.2 }, VI: { H: 0.0, L: 0.1, N: 0.2 }, VA: { H: 0.0, L: 0.1, N: 0.2 },
  SC: { H: 0.1, L: 0.2, N: 0.3 }, SI: { S: 0.0, H: 0.1, L: 0.2, N: 0.3 }, SA: { S: 0.0, H: 0.1, L: 0.2, N: 0.3 },
  CR: { H: 0.0, M: 0.1, L: 0.2 }, IR: { H: 0.0, M: 0.1, L: 0.2 }, AR: { H: 0.0, M: 0.1, L: 0.2 },
  E: { U: 0.2, P: 0.1, A: 0 },
};

/** Unset threat and requirement metrics count as their worst case (§8: "X" means "assume the worst"). */
const WORST_CASE: Record<string, string> = { E: 'A', CR: 'H', IR: 'H', AR: 'H' };

export function parseVector4(vector: string): { ok: true; metrics: Map<string, string> } | { ok: false; reason: string } {
  const parts = vector.trim().split('/');
  if (!/^CVSS:4\.0$/i.test(parts[0] ?? '')) return { ok: false, reason: 'not a CVSS:4.0 vector' };
  return parseMetrics(parts.slice(1), METRICS, MANDATORY);
}

export function scoreCvss4(vector: string): VectorResult {
  const parsed = parseVector4(vector);
  if (!parsed.ok) return parsed;
  const raw = parsed.metrics;
  const canonical = `CVSS:4.0/${Object.keys(METRICS)
    .filter((k) => raw.has(k) && (MANDATORY.includes(k) || raw.get(k) !== 'X'))
    .map((k) => `${k}:${fromUpper(raw.get(k) as string)}`)
    .join('/')}`;
  const eff = (metric: string): string => {
    const selected = raw.get(metric) ?? 'X';
    if (selected === 'X' && WORST_CASE[metric]) return WORST_CASE[metric];
    const modified = raw.get(`M${metric}`);
    return modified !== undefined && modified !== 'X' ? modified : selected;
  };
  return { ok: true, vector: canonical, score: score(eff) };
}

/** Supplemental `U` values are written in mixed case (`U:Amber`); everything else is one upper-case letter. */
const fromUpper = (v: string) => (v.length > 1 ? v[0] + v.slice(1).toLowerCase() : v);

/** The six equivalence-class levels (§8.1), e.g. `"001100"`. */
export function macroVector(eff: (metric: string) => string): string {
  const [AV, PR, UI, AC, AT, VC, VI, VA] = ['AV', 'PR', 'UI', 'AC', 'AT', 'VC', 'VI', 'VA'].map(eff);
  const eq1 = AV === 'N' && PR === 'N' && UI === 'N' ? 0 : (AV === 'N' || PR === 'N' || UI === 'N') && AV !== 'P' ? 1 : 2;
  const eq2 = AC === 'L' && AT === 'N' ? 0 : 1;
  const eq3 = VC === 'H' && VI === 'H' ? 0 : VC === 'H' || VI === 'H' || VA === 'H' ? 1 : 2;
  const eq4 = eff('MSI') === 'S' || eff('MSA') === 'S' ? 0 : eff('SC') === 'H' || eff('SI') === 'H' || eff('SA') === 'H' ? 1 : 2;
  const E = eff('E');
  const eq5 = E === 'A' ? 0 : E === 'P' ? 1 : 2;
  const eq6 = (eff('CR') === 'H' && VC === 'H') || (eff('IR') === 'H' && VI === 'H') || (eff('AR') === 'H' && VA === 'H') ? 0 : 1;
  return `${eq1}${eq2}${eq3}${eq4}${eq5}${eq6}`;
}

/** Reference cvss_score.js, step by step; float arithmetic kept in the same order so results match it to the digit. */
function score(eff: (metric: string) => string): number {
  if (['VC', 'VI', 'VA', 'SC', 'SI', 'SA'].every((k) => eff(k) === 'N')) return 0;
  const macro = macroVector(eff);
  const value = MACRO_SCORES[macro];
  if (value === undefined) return 0;
  const [eq1, eq2, eq3, eq4, eq5, eq6] = [...macro].map(Number) as [number, number, number, number, number, number];
  const at = (a: number, b: number, c: number, d: number, e: number, f: number) => MACRO_SCORES[`${a}${b}${c}${d}${e}${f}`] ?? NaN;

  // 1a. The score of the next lower MacroVector along each EQ (NaN when there is none).
  const lower = {
    eq1: at(eq1 + 1, eq2, eq3, eq4, eq5, eq6),
    eq2: at(eq1, eq2 + 1, eq3, eq4, eq5, eq6),
    // EQ3 and EQ6 move together: from 00 both 01 and 10 are one step lower, take the higher.
    eq3eq6:
      eq3 === 0 && eq6 === 0
        ? Math.max(at(eq1, eq2, eq3, eq4, eq5, eq6 + 1), at(eq1, eq2, eq3 + 1, eq4, eq5, eq6))
        : eq3 === 1 && eq6 === 0
          ? at(eq1, eq2, eq3, eq4, eq5, eq6 + 1)
          : eq3 === 2 && eq6 === 1
            ? NaN
            : at(eq1, eq2, eq3 + 1, eq4, eq5, eq6),
    eq4: at(eq1, eq2, eq3, eq4 + 1, eq5, eq6),
    eq5: at(eq1, eq2, eq3, eq4, eq5 + 1, eq6),
  };

  // 1b. Distance from the first highest-severity vector of the MacroVector that is not less severe than this one.
  const eq3Maxes = (MAX_COMPOSED.eq3 as Record<number, Record<number, readonly string[]>>)[eq3]?.[eq6] ?? [];
  const candidates: string[] = [];
  for (const a of pick(MAX_COMPOSED.eq1, eq1))
    for (const b of pick(MAX_COMPOSED.eq2, eq2))
      for (const c of eq3Maxes) for (const d of pick(MAX_COMPOSED.eq4, eq4)) for (const e of pick(MAX_COMPOSED.eq5, eq5)) candidates.push(a + b + c + d + e);
  let distance: Record<string, number> = {};
  for (const candidate of candidates) {
    const max = new Map(candidate.split('/').filter(Boolean).map((kv) => kv.split(':') as [string, string]));
    distance = Object.fromEntries(Object.entries(LEVELS).map(([k, levels]) => [k, (levels[eff(k)] ?? 0) - (levels[max.get(k) ?? ''] ?? 0)]));
    if (Object.values(distance).every((d) => d >= 0)) break;
  }
  const d = (k: string) => distance[k] ?? 0;
  const current = {
    eq1: d('AV') + d('PR') + d('UI'),
    eq2: d('AC') + d('AT'),
    eq3eq6: d('VC') + d('VI') + d('VA') + d('CR') + d('IR') + d('AR'),
    eq4: d('SC') + d('SI') + d('SA'),
  };
  const step = 0.1;
  const depth = {
    eq1: pick(MAX_SEVERITY.eq1, eq1) * step,
    eq2: pick(MAX_SEVERITY.eq2, eq2) * step,
    eq3eq6: ((MAX_SEVERITY.eq3eq6 as Record<number, Record<number, number>>)[eq3]?.[eq6] ?? NaN) * step,
    eq4: pick(MAX_SEVERITY.eq4, eq4) * step,
  };

  // 1c-d. Each available scoring difference, scaled by how far into the MacroVector this vector sits; 2. their mean.
  let n = 0;
  let sum = 0;
  for (const eq of ['eq1', 'eq2', 'eq3eq6', 'eq4'] as const) {
    const available = value - lower[eq];
    if (Number.isNaN(available)) continue;
    n++;
    sum += available * (current[eq] / depth[eq]);
  }
  // EQ5 has no depth: its proportion is always 0, but an existing lower MacroVector still counts in the mean.
  if (!Number.isNaN(value - lower.eq5)) n++;
  const mean = n === 0 ? 0 : sum / n;
  // 3. Rounded half up; the reference adds 1e-6 so 4.45 stored as 4.4499999 still rounds to 4.5.
  return Math.round((Math.max(0, Math.min(10, value - mean)) + 1e-6) * 10) / 10;
}

function pick<T>(table: Record<number, T>, level: number): T {
  return table[level] as T;
}
