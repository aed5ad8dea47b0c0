/** @module Can a keyword pattern match this text at all? The three-character pieces (and characters) every match needs, read from its source, checked against an index of the text built in one pass; only a "no" skips the pattern. Pure. */

/** What a match needs: every piece of its literal runs and every character it must consume, all parts of a sequence, or one branch of an alternation. */
type Need = true | { all: number[]; chars: number[]; and: Need[] } | { or: Need[] };

export interface TrigramIndex {
  bits: Uint32Array;
  shift: number;
  /** The folded characters present, by their low 10 bits (a pattern such as `<= 3.2` has no piece of three literal characters). */
  chars: Uint32Array;
}

/**
 * A character as the index keeps it: lower case, so one index answers patterns with and without the `i` flag and
 * patterns run over the lower-cased text (`| 32` on ASCII also merges a few punctuation pairs, which only reads
 * "maybe" more often). Beyond ASCII, the first unit of `toLowerCase`, computed once per character seen.
 */
let lowerTable: Uint16Array | undefined;
function fold(c: number): number {
  if (c < 128) return c | 32;
  const table = (lowerTable ??= new Uint16Array(0x10000));
  return table[c] || (table[c] = String.fromCharCode(c).toLowerCase().charCodeAt(0));
}
/** Three folded characters' worth of `(x << 7) ^ c`: what the index keeps rolling as it reads. */
const LAST3 = 0x1fffff;
const spread = (x: number, shift: number) => Math.imul(x, 0x9e3779b1) >>> shift;
const piece = (a: number, b: number, c: number) => spread(((fold(a) << 14) ^ (fold(b) << 7) ^ fold(c)) & LAST3, 0);

/** Bits per index: 4 per piece of the text keeps an absent piece reading absent most of the time (within 2^12..2^20). */
function shiftFor(length: number): number {
  let log = 12;
  while (log < 20 && 1 << log < 4 * length) log++;
  return 32 - log;
}

export function indexTrigrams(text: string): TrigramIndex {
  const shift = shiftFor(text.length);
  const bits = new Uint32Array(1 << (32 - shift - 5));
  const chars = new Uint32Array(32);
  let x = 0;
  for (let i = 0; i < text.length; i++) {
    const c = fold(text.charCodeAt(i));
    chars[(c & 1023) >>> 5] = (chars[(c & 1023) >>> 5] as number) | (1 << (c & 31));
    x = ((x << 7) ^ c) & LAST3;
    if (i < 2) continue;
    const h = spread(x, shift);
    bits[h >>> 5] = (bits[h >>> 5] as number) | (1 << (h & 31));
  }
  return { bits, shift, chars };
}

const needs = new WeakMap<RegExp, Need>();

/**
 * false only when no match of `re` can exist in a text `index` covers: the indexed text, any part of it, parts of it
 * joined by line breaks, or any of these lower-cased. Without an index, true.
 */
export function mayMatch(re: RegExp, index: TrigramIndex | undefined): boolean {
  if (index === undefined) return true;
  let need = needs.get(re);
  if (need === undefined) {
    need = patternNeed(re);
    needs.set(re, need);
  }
  return need === true || holds(need, index);
}

function holds(need: Need, index: TrigramIndex): boolean {
  if (need === true) return true;
  if ('or' in need) {
    for (const branch of need.or) if (holds(branch, index)) return true;
    return false;
  }
  for (const h of need.all) {
    const k = h >>> index.shift;
    if (((index.bits[k >>> 5] as number) & (1 << (k & 31))) === 0) return false;
  }
  for (const c of need.chars) if (((index.chars[(c & 1023) >>> 5] as number) & (1 << (c & 31))) === 0) return false;
  for (const part of need.and) if (!holds(part, index)) return false;
  return true;
}

/**
 * What every match of `re` contains, read from its source. Literal characters count only where the pattern must
 * consume exactly them: anything optional, repeated, a class, an escape other than a quoted punctuation mark, a
 * lookaround or an anchor ends the run. Under `i` only ASCII characters count (they fold like the index); `u` with `i`,
 * and `v`, fold or nest in ways this reader does not follow, so those patterns always run.
 */
export function patternNeed(re: RegExp): Need {
  const caseless = re.flags.includes('i');
  if ((caseless && re.flags.includes('u')) || re.flags.includes('v')) return true;
  const src = re.source;
  let at = 0;

  const alternation = (): Need => {
    const branches = [sequence()];
    while (src[at] === '|') {
      at++;
      branches.push(sequence());
    }
    return branches.length === 1 ? (branches[0] as Need) : branches.some((b) => b === true) ? true : { or: branches };
  };

  const sequence = (): Need => {
    const all: number[] = [];
    const chars = new Set<number>();
    const and: Need[] = [];
    let run: number[] = [];
    const flush = () => {
      for (let i = 2; i < run.length; i++) all.push(piece(run[i - 2] as number, run[i - 1] as number, run[i] as number));
      run = [];
    };
    while (at < src.length && src[at] !== '|' && src[at] !== ')') {
      const { literal, need } = atom();
      const min = quantifier();
      if (min === 0 || literal === null) flush();
      if (min > 0 && literal !== null) {
        run.push(literal);
        chars.add(fold(literal));
      }
      if (min > 0 && need !== true) and.push(need);
      // A repeated character is followed by more of itself, not by what follows it in the pattern.
      if (min !== 1) flush();
    }
    flush();
    return all.length === 0 && chars.size === 0 && and.length === 0 ? true : { all, chars: [...chars], and };
  };

  /** One atom: a literal character code, or null with what the atom needs (a group's need, else nothing). */
  const atom = (): { literal: number | null; need: Need } => {
    const ch = src[at] as string;
    at++;
    if (ch === '(') {
      let look = false;
      if (src[at] === '?') {
        if (src.startsWith('?:', at)) at += 2;
        else if (src.startsWith('?=', at) || src.startsWith('?!', at)) (at += 2), (look = true);
        else if (src.startsWith('?<=', at) || src.startsWith('?<!', at)) (at += 3), (look = true);
        else if (src[at + 1] === '<') at = src.indexOf('>', at) + 1;
      }
      const inner = alternation();
      at++; // ')'
      return { literal: null, need: look ? true : inner };
    }
    if (ch === '[') {
      if (src[at] === '^') at++;
      if (src[at] === ']') at++;
      while (at < src.length && src[at] !== ']') at += src[at] === '\\' ? 2 : 1;
      at++;
      return { literal: null, need: true };
    }
    if (ch === '\\') {
      const e = src[at] as string;
      at++;
      if ((e === 'p' || e === 'P' || e === 'k') && (src[at] === '{' || src[at] === '<')) at = src.indexOf(src[at] === '{' ? '}' : '>', at) + 1;
      else if (e === 'u' && src[at] === '{') at = src.indexOf('}', at) + 1;
      else if (e === 'u') at += 4;
      else if (e === 'x') at += 2;
      else if (e === 'c') at += 1;
      return { literal: /[\^$\\.*+?()[\]{}|/\-'"`#%&,:;<=>@!~ ]/.test(e) ? literalOf(e) : null, need: true };
    }
    if (ch === '.' || ch === '^' || ch === '$') return { literal: null, need: true };
    return { literal: literalOf(ch), need: true };
  };

  const literalOf = (ch: string): number | null => {
    const c = ch.charCodeAt(0);
    // Line breaks: a run never spans two lines, so parts of the text joined by line breaks are covered too.
    if (c === 10 || c === 13) return null;
    if (c < 128) return c;
    // Under `i`, non-ASCII letters fold by other rules than `toLowerCase`. Surrogates: a quantifier applies to the whole
    // pair under `u`, and lower-casing changes both halves. Sigma lower-cases by context, U+0307 is what İ adds.
    if (caseless || c === 0 || (c >= 0xd800 && c <= 0xdfff) || c === 0x3a3 || c === 0x3c2 || c === 0x3c3 || c === 0x307) return null;
    return c;
  };

  /** The quantifier after an atom, as its minimum count (1 when there is none). */
  const quantifier = (): number => {
    const q = src[at];
    let min = 1;
    if (q === '?' || q === '*') min = 0;
    else if (q === '+') min = 1;
    else if (q === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(src.slice(at, at + 16));
      if (!m) return 1;
      at += m[0].length;
      min = Number(m[1]);
      if (src[at] === '?') at++;
      return min === 1 && m[2] === undefined ? 1 : min === 0 ? 0 : 2;
    } else return 1;
    at++;
    if (src[at] === '?') at++;
    return q === '+' ? 2 : min;
  };

  return alternation();
}
