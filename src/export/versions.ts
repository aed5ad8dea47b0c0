/** @module Affected versions in the extraction's normal form (`3.2.1`, `<3.2.1`, `>=2.0.0 <2.4.0`, `3.x`) as bounds every advisory format can map. Pure. */

export interface Bound {
  version: string;
  inclusive: boolean;
}

export type AffectedVersion =
  | { kind: 'exact'; version: string }
  /** A null end is open: no lower end means "every earlier version". */
  | { kind: 'range'; from: Bound | null; to: Bound | null }
  /** Not in the normal form (an older record, a hand edit): published as written, never guessed at. */
  | { kind: 'other'; text: string };

/** Version characters of every common scheme (semver, PEP 440, Maven, dates); anything else is not a version. */
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+~_-]{0,63}$/;
const BOUND = /^(>=|<=|>|<)(.+)$/;
const WILDCARD = /^(\d{1,9}(?:\.\d{1,9})?)\.[x*]$/i;

/** `3.x` → [3.0.0, 4.0.0); `2.3.x` → [2.3.0, 2.4.0). */
function wildcard(prefix: string): AffectedVersion {
  const parts = prefix.split('.').map(Number);
  const next = [...parts];
  next[next.length - 1] = (next.at(-1) as number) + 1;
  const full = (p: number[]) => [...p, 0, 0].slice(0, 3).join('.');
  return { kind: 'range', from: { version: full(parts), inclusive: true }, to: { version: full(next), inclusive: false } };
}

export function parseAffected(text: string): AffectedVersion {
  const other: AffectedVersion = { kind: 'other', text };
  const tokens = text.trim().split(/\s+/);
  if (tokens.length === 1) {
    const only = tokens[0] as string;
    const wild = WILDCARD.exec(only);
    if (wild) return wildcard(wild[1] as string);
    if (VERSION.test(only)) return { kind: 'exact', version: only };
  }
  if (tokens.length > 2) return other;
  let from: Bound | null = null;
  let to: Bound | null = null;
  for (const token of tokens) {
    const m = BOUND.exec(token);
    if (!m || !VERSION.test(m[2] as string)) return other;
    const op = m[1] as string;
    const bound = { version: m[2] as string, inclusive: op.endsWith('=') };
    if (op.startsWith('>')) {
      if (from) return other;
      from = bound;
    } else {
      if (to) return other;
      to = bound;
    }
  }
  return { kind: 'range', from, to };
}
