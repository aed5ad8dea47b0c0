/** @module CVSS v3.0 / v3.1 calculator: base, temporal and environmental scores from a vector string (FIRST CVSS v3.1 specification §7). */
import { parseMetrics } from './cvss-metrics.js';

export type VectorResult = { ok: true; vector: string; score: number } | { ok: false; reason: string };

const BASE = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  PR: { N: 0.85, L: 0.62, H: 0.27 },
  UI: { N: 0.85, R: 0.62 },
  S: { U: 0, C: 1 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
} as const;

const TEMPORAL = {
  E: { X: 1, H: 1, F: 0.97, P: 0.94, U: 0.91 },
  RL: { X: 1, U: 1, W: 0.97, T: 0.96, O: 0.95 },
  RC: { X: 1, C: 1, R: 0.96, U: 0.92 },
} as const;

const REQUIREMENT = { X: 1, L: 0.5, M: 1, H: 1.5 } as const;

/** Every metric the spec defines, with its allowed values, in the spec's order (§6). */
const METRICS: Record<string, readonly string[]> = {
  ...Object.fromEntries(Object.entries(BASE).map(([k, v]) => [k, Object.keys(v)])),
  ...Object.fromEntries(Object.entries(TEMPORAL).map(([k, v]) => [k, Object.keys(v)])),
  CR: ['X', 'L', 'M', 'H'], IR: ['X', 'L', 'M', 'H'], AR: ['X', 'L', 'M', 'H'],
  MAV: ['X', 'N', 'A', 'L', 'P'], MAC: ['X', 'L', 'H'], MPR: ['X', 'N', 'L', 'H'], MUI: ['X', 'N', 'R'],
  MS: ['X', 'U', 'C'], MC: ['X', 'N', 'L', 'H'], MI: ['X', 'N', 'L', 'H'], MA: ['X', 'N', 'L', 'H'],
};
const MANDATORY = Object.keys(BASE);

/** v3.1 Appendix A: rounds up to one decimal with an integer step, so 4.000000001 does not become 4.1 through float error. */
function roundup31(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

/** v3.0 rounds up naively; kept for `CVSS:3.0/` vectors so their published scores are reproduced. */
const roundup30 = (x: number) => Math.ceil(x * 10) / 10;

/** Parses `CVSS:3.x/K:V/...`: every base metric exactly once, nothing unknown, no duplicate. */
export function parseVector3(vector: string): { ok: true; version: '3.0' | '3.1'; metrics: Map<string, string> } | { ok: false; reason: string } {
  const parts = vector.trim().split('/');
  const prefix = /^CVSS:3\.([01])$/i.exec(parts[0] ?? '');
  if (!prefix) return { ok: false, reason: 'not a CVSS:3.0 or CVSS:3.1 vector' };
  const parsed = parseMetrics(parts.slice(1), METRICS, MANDATORY);
  return parsed.ok ? { ok: true, version: prefix[1] === '0' ? '3.0' : '3.1', metrics: parsed.metrics } : parsed;
}

/** The most specific score the vector defines: environmental if any environmental metric is set, else temporal, else base. */
export function scoreCvss3(vector: string): VectorResult {
  const parsed = parseVector3(vector);
  if (!parsed.ok) return parsed;
  const { version, metrics } = parsed;
  const roundup = version === '3.0' ? roundup30 : roundup31;
  const m = (k: string) => metrics.get(k) ?? 'X';
  // A modified metric left at X takes the base value (§7.3).
  const eff = (k: string) => (m(`M${k}`) !== 'X' ? m(`M${k}`) : m(k));
  const w = <T extends Record<string, number>>(table: T, v: string) => table[v as keyof T] as number;

  const temporal = w(TEMPORAL.E, m('E')) * w(TEMPORAL.RL, m('RL')) * w(TEMPORAL.RC, m('RC'));
  const canonical = `CVSS:${version}/${[...metrics].map(([k, v]) => `${k}:${v}`).join('/')}`;

  const environmental = [...metrics].some(([k, v]) => (k === 'CR' || k === 'IR' || k === 'AR' || k.startsWith('M')) && v !== 'X');
  if (environmental) {
    const changed = eff('S') === 'C';
    const miss = Math.min(
      1 - (1 - w(REQUIREMENT, m('CR')) * w(BASE.C, eff('C'))) * (1 - w(REQUIREMENT, m('IR')) * w(BASE.I, eff('I'))) * (1 - w(REQUIREMENT, m('AR')) * w(BASE.A, eff('A'))),
      0.915,
    );
    const impact = changed
      ? version === '3.0'
        ? 7.52 * (miss - 0.029) - 3.25 * (miss - 0.02) ** 15
        : 7.52 * (miss - 0.029) - 3.25 * (miss * 0.9731 - 0.02) ** 13
      : 6.42 * miss;
    const exploitability = 8.22 * w(BASE.AV, eff('AV')) * w(BASE.AC, eff('AC')) * prWeight(eff('PR'), changed) * w(BASE.UI, eff('UI'));
    if (impact <= 0) return { ok: true, vector: canonical, score: 0 };
    const sum = changed ? Math.min(1.08 * (impact + exploitability), 10) : Math.min(impact + exploitability, 10);
    return { ok: true, vector: canonical, score: roundup(roundup(sum) * temporal) };
  }

  const changed = m('S') === 'C';
  const iss = 1 - (1 - w(BASE.C, m('C'))) * (1 - w(BASE.I, m('I'))) * (1 - w(BASE.A, m('A')));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability = 8.22 * w(BASE.AV, m('AV')) * w(BASE.AC, m('AC')) * prWeight(m('PR'), changed) * w(BASE.UI, m('UI'));
  const base = impact <= 0 ? 0 : roundup(changed ? Math.min(1.08 * (impact + exploitability), 10) : Math.min(impact + exploitability, 10));
  const hasTemporal = ['E', 'RL', 'RC'].some((k) => m(k) !== 'X');
  return { ok: true, vector: canonical, score: hasTemporal ? roundup(base * temporal) : base };
}

/** Privileges Required weighs more when the scope changes (§7.4). */
function prWeight(pr: string, scopeChanged: boolean): number {
  if (pr === 'L') return scopeChanged ? 0.68 : 0.62;
  if (pr === 'H') return scopeChanged ? 0.5 : 0.27;
  return 0.85;
}
