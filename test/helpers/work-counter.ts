/**
 * @module Counts the work a call does over text, by counting characters rather than timing: every regex execution
 * and every linear text search or pass made during the call is summed, and each regex's largest input is kept.
 *
 * How: while the call runs, `RegExp.prototype.exec`, the string searches (`indexOf`, `lastIndexOf`, `includes`,
 * `split` by a string), the whole-string passes (`toLowerCase`, `toUpperCase`, `trim*`, `normalize`) and `Buffer`'s
 * `indexOf`/`lastIndexOf`/`toString` are wrapped, and restored in `finally`. Once `exec` is replaced, V8 leaves its
 * fast paths and routes `match`, `matchAll`, `replace`, `replaceAll`, `split`, `test` and `search` through the
 * user-visible `exec` (work-counter.test.ts checks this); `split` then calls a sticky copy once per position.
 *
 * What one regex execution costs here: the characters from where it started to the end of its match, or to the end
 * of the input when it fails (a sticky execution, which only tries one position, costs its match length or 1). A
 * global loop over n characters therefore costs about n, however many matches it finds.
 *
 * Limits, and how the tests make up for them:
 * - It counts characters offered and passed over, not backtracking steps: a regex that backtracks over a long run
 *   reads far more than it is counted for. So the tests also assert each regex's largest input (`maxInput`): a regex
 *   that only ever sees W characters is bounded by its own W-sized worst case, and one that sees more must be named
 *   as linear by construction (no quantified part that can overlap the next, or a lookbehind pinning each run's start).
 * - Loops written in JavaScript (`for` over characters, `[...s]`) and native work in libraries (TextDecoder, zlib,
 *   openpgp's own parsing) are invisible; they are read in review and bounded by their input windows.
 * - Work done by other code while an awaited call is suspended is counted too, so async calls are measured only
 *   where nothing else runs meanwhile (no I/O, no timers).
 */

export interface PatternWork {
  /** `/source/flags`, as written (split's sticky copy shows its added `y`). */
  pattern: string;
  calls: number;
  /** Characters counted for this pattern, as described in the module comment. */
  chars: number;
  /** The most characters one execution was offered: the input from where it started to its end. */
  maxInput: number;
}

export interface Work {
  /** All characters counted: regex executions, searches and whole-string passes. */
  total: number;
  regexCalls: number;
  regexChars: number;
  /** The most characters any one regex execution was offered. */
  maxRegexInput: number;
  /** String and Buffer searches and whole-string passes. */
  scanCalls: number;
  scanChars: number;
  patterns: PatternWork[];
}

type Fn = (this: unknown, ...args: never[]) => unknown;

class Counter {
  regexCalls = 0;
  regexChars = 0;
  scanCalls = 0;
  scanChars = 0;
  readonly byPattern = new Map<string, PatternWork>();

  regex(re: RegExp, input: string, start: number, match: RegExpExecArray | null): void {
    const offered = Math.max(0, input.length - start);
    const end = match ? match.index + match[0].length : re.sticky ? start + 1 : input.length;
    const chars = Math.max(1, end - start);
    this.regexCalls++;
    this.regexChars += chars;
    const p = this.patternOf(re);
    p.calls++;
    p.chars += chars;
    p.maxInput = Math.max(p.maxInput, offered);
  }

  /** Per regex object first (split runs its sticky copy once per position), then shared by source and flags. */
  private readonly byObject = new WeakMap<RegExp, PatternWork>();
  private patternOf(re: RegExp): PatternWork {
    const known = this.byObject.get(re);
    if (known) return known;
    const key = `/${re.source}/${re.flags}`;
    const p = this.byPattern.get(key) ?? { pattern: key, calls: 0, chars: 0, maxInput: 0 };
    this.byPattern.set(key, p);
    this.byObject.set(re, p);
    return p;
  }

  scan(chars: number): void {
    this.scanCalls++;
    this.scanChars += Math.max(1, chars);
  }

  result(): Work {
    const patterns = [...this.byPattern.values()].sort((a, b) => b.chars - a.chars);
    return {
      total: this.regexChars + this.scanChars,
      regexCalls: this.regexCalls,
      regexChars: this.regexChars,
      maxRegexInput: patterns.reduce((m, p) => Math.max(m, p.maxInput), 0),
      scanCalls: this.scanCalls,
      scanChars: this.scanChars,
      patterns,
    };
  }
}

/** Where an indexOf-style search from `from` stopped: past the needle when found, else at the end of the input. */
const forwardCost = (length: number, from: number, found: number, needleLength: number) => (found >= 0 ? found + needleLength : length) - Math.max(0, Math.min(from, length));

const toIndex = (position: unknown, fallback: number) => {
  const n = Number(position);
  return Number.isNaN(n) ? fallback : Math.trunc(n);
};

let active: Counter | null = null;

/** Replaces `target[name]` by a counting wrapper; returns the function that puts the original back. */
function wrap(target: object, name: string, make: (original: Fn) => Fn): () => void {
  const descriptor = Object.getOwnPropertyDescriptor(target, name);
  if (!descriptor || typeof descriptor.value !== 'function') throw new Error(`work-counter: ${name} is not a method here`);
  const original = descriptor.value as Fn;
  Object.defineProperty(target, name, { ...descriptor, value: make(original) });
  return () => Object.defineProperty(target, name, descriptor);
}

function install(counter: Counter): () => void {
  // Our own bookkeeping calls the originals, so it is never counted and never recurses.
  const restores = [
    wrap(RegExp.prototype, 'exec', (exec) =>
      function (this: RegExp, input: string) {
        const text = String(input);
        const start = this.global || this.sticky ? this.lastIndex : 0;
        const match = exec.call(this, text as never) as RegExpExecArray | null;
        counter.regex(this, text, start, match);
        return match;
      } as Fn,
    ),
    wrap(String.prototype, 'indexOf', (indexOf) =>
      function (this: string, needle: string, from?: number) {
        const s = String(this);
        const found = indexOf.call(s, needle as never, from as never) as number;
        counter.scan(forwardCost(s.length, toIndex(from, 0), found, String(needle).length));
        return found;
      } as Fn,
    ),
    wrap(String.prototype, 'includes', (includes) =>
      function (this: string, needle: string, from?: number) {
        const s = String(this);
        counter.scan(s.length - Math.max(0, toIndex(from, 0)));
        return includes.call(s, needle as never, from as never);
      } as Fn,
    ),
    wrap(String.prototype, 'lastIndexOf', (lastIndexOf) =>
      function (this: string, needle: string, from?: number) {
        const s = String(this);
        const found = lastIndexOf.call(s, needle as never, from as never) as number;
        const startAt = Math.min(s.length, toIndex(from, s.length));
        counter.scan(found >= 0 ? startAt - found : startAt);
        return found;
      } as Fn,
    ),
    wrap(String.prototype, 'split', (split) =>
      function (this: string, separator: unknown, limit?: number) {
        // A regex separator is counted by exec; a string one is one pass.
        if (typeof separator === 'string') counter.scan(String(this).length);
        return split.call(this, separator as never, limit as never);
      } as Fn,
    ),
    ...['toLowerCase', 'toUpperCase', 'trim', 'trimStart', 'trimEnd', 'normalize'].map((name) =>
      wrap(String.prototype, name, (pass) =>
        function (this: string, ...args: unknown[]) {
          counter.scan(String(this).length);
          return pass.apply(this, args as never[]);
        } as Fn,
      ),
    ),
    wrap(Buffer.prototype, 'indexOf', (indexOf) =>
      function (this: Buffer, needle: string | number | Uint8Array, from?: number) {
        const found = indexOf.call(this, needle as never, from as never) as number;
        const needleLength = typeof needle === 'number' ? 1 : typeof needle === 'string' ? Buffer.byteLength(needle) : needle.length;
        const at = toIndex(from, 0);
        counter.scan(forwardCost(this.length, at < 0 ? this.length + at : at, found, needleLength));
        return found;
      } as Fn,
    ),
    wrap(Buffer.prototype, 'lastIndexOf', (lastIndexOf) =>
      function (this: Buffer, needle: never, from?: number) {
        const found = lastIndexOf.call(this, needle, from as never) as number;
        const startAt = Math.min(this.length, toIndex(from, this.length));
        counter.scan(found >= 0 ? startAt - found : startAt);
        return found;
      } as Fn,
    ),
    wrap(Buffer.prototype, 'toString', (toString) =>
      function (this: Buffer, encoding?: string, start?: number, end?: number) {
        counter.scan(Math.min(this.length, toIndex(end, this.length)) - Math.max(0, toIndex(start, 0)));
        return toString.call(this, encoding as never, start as never, end as never);
      } as Fn,
    ),
  ];
  return () => {
    for (const restore of restores.reverse()) restore();
  };
}

function begin(): { counter: Counter; end: () => void } {
  if (active) throw new Error('work-counter: measurements do not nest');
  const counter = new Counter();
  active = counter;
  const restore = install(counter);
  return {
    counter,
    end: () => {
      restore();
      active = null;
    },
  };
}

/** Runs `fn` and returns its result with the work it did. */
export function countWork<T>(fn: () => T): { result: T; work: Work } {
  const { counter, end } = begin();
  let result: T;
  try {
    result = fn();
  } finally {
    end();
  }
  return { result, work: counter.result() };
}

/** As countWork, for a promise that settles without I/O or timers (see the module comment). */
export async function countWorkAsync<T>(fn: () => Promise<T>): Promise<{ result: T; work: Work }> {
  const { counter, end } = begin();
  let result: T;
  try {
    result = await fn();
  } finally {
    end();
  }
  return { result, work: counter.result() };
}

/** The patterns whose largest input was over `window` characters, as `/source/flags` keys. */
export function patternsOver(work: Work, window: number): string[] {
  return work.patterns.filter((p) => p.maxInput > window).map((p) => p.pattern);
}
