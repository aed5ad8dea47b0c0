/** @module Affected versions in the corpus normal form (`3.2.1`, `<3.2.1`, `<=2.2.4`, `>=3.0.0`, `3.x`, `>=2.0.0 <2.4.0`), and whether policy supports them. */
import { createRequire } from 'node:module';
import type SemverModule from 'semver';
import { LIMITS } from '../../limits.js';
import { mayMatch, type TrigramIndex } from './trigrams.js';

/** Loaded on first use: the JSON view imports this module for every listing, and only extraction and version checks need semver. */
let semverModule: typeof SemverModule | undefined;
const semverLib = (): typeof SemverModule => (semverModule ??= createRequire(import.meta.url)('semver') as typeof SemverModule);

/** A version number as written: 1 to 4 parts, not glued to a path, an IP-like chain or a word. */
const N = String.raw`(?<![\w./:@="-])v?(\d{1,4}(?:\.\d{1,6}){0,3})(?!\.?\d)(?!\w)`;
const NX = String.raw`(?<![\w./:@="-])v?(\d{1,4}(?:\.\d{1,6}){0,2}(?:\.[x*])?)(?!\.?[\d*x])(?!\w)`;
/** The upper end of a range: the lower end already anchors it, so a dash right before it is fine ("1.2-1.4"). */
const NX_END = String.raw`v?(\d{1,4}(?:\.\d{1,6}){0,2}(?:\.[x*])?)(?!\.?[\d*x])(?!\w)`;
const VER = String.raw`(?:the |la |le |l')?(?:versions? |releases? |v\.? ?)?`;

type Make = (m: RegExpExecArray) => string | null;
interface Rule {
  re: RegExp;
  make: Make;
}

const fill = (v: string) => {
  const parts = (v[0] === 'v' || v[0] === 'V' ? v.slice(1) : v).split('.');
  return parts.length >= 3 ? parts.join('.') : [...parts, '0', '0'].slice(0, 3).join('.');
};
/** The first version after a wildcard: `2.3.x` → `2.4.0`, `2.x` → `3.0.0`. */
const after = (wild: string) => {
  const parts = wild.replace(/\.[x*]$/i, '').split('.').map(Number);
  parts[parts.length - 1] = (parts.at(-1) as number) + 1;
  return fill(parts.join('.'));
};
const isWild = (v: string) => /\.[x*]$/i.test(v);
const upperBound = (v: string, inclusive: boolean) => (isWild(v) ? `<${after(v)}` : `${inclusive ? '<=' : '<'}${fill(v)}`);
const g = (m: RegExpExecArray, i: number) => m[i] as string;

const RULES: Rule[] = [
  {
    re: new RegExp(String.raw`\b(?:between|entre) ${VER}${N} (?:and|et) ${VER}${NX}( ?\((?:exclusive|exclue?s?|non inclus[e]?)\)| (?:exclusive|exclue?s?))?`, 'gi'),
    make: (m) => `>=${fill(g(m, 1))} ${upperBound(g(m, 2), m[3] === undefined)}`,
  },
  {
    // Starts at the number (not at an optional "from"), so the engine only tries positions holding a digit.
    re: new RegExp(String.raw`${N} ?(?:to|through|thru|until|à|au|jusqu'à|jusqu’à|-|–|—) ?${VER}${NX_END}`, 'gi'),
    make: (m) => (/\./.test(g(m, 1)) || /\./.test(g(m, 2)) ? `>=${fill(g(m, 1))} ${upperBound(g(m, 2), true)}` : null),
  },
  {
    re: new RegExp(String.raw`${NX} (?:and|or|&|et) (?:all |every |any |toutes (?:les )?)?(?:versions? |releases? )?(?:earlier|prior|below|older|lower|before|previous|antérieures?|inférieures?|précédentes|avant)\b`, 'gi'),
    make: (m) => upperBound(g(m, 1), true),
  },
  {
    re: new RegExp(String.raw`\b(?:up to|through|until|jusqu'à|jusqu’à|jusqu'a) (?:and including )?${VER}${N}`, 'gi'),
    make: (m) => `<=${fill(g(m, 1))}`,
  },
  { re: new RegExp(String.raw`(?:<=|≤|=<) ?${VER}${N}`, 'gi'), make: (m) => `<=${fill(g(m, 1))}` },
  {
    re: new RegExp(String.raw`${N} ?(?:(?:and|or|&|et) (?:all |toutes les )?(?:versions? |releases? )?(?:later|above|newer|higher|up|greater|after|ultérieures?|supérieures?|suivantes|plus récentes)\b|\+(?![\w+]))`, 'gi'),
    make: (m) => `>=${fill(g(m, 1))}`,
  },
  { re: new RegExp(String.raw`(?:>=|≥|=>) ?${VER}${N}`, 'gi'), make: (m) => `>=${fill(g(m, 1))}` },
  {
    re: new RegExp(String.raw`\b(?:since|starting (?:with|from|at)|à partir de|depuis) ${VER}${N}|\bfrom ${VER}${N} (?:onwards?|on)\b`, 'gi'),
    make: (m) => `>=${fill(m[1] ?? g(m, 2))}`,
  },
  {
    re: new RegExp(String.raw`\b(?:before|prior to|earlier than|older than|lower than|below|avant|antérieures? à|inférieures? à) ${VER}${N}`, 'gi'),
    make: (m) => `<${fill(g(m, 1))}`,
  },
  { re: new RegExp(String.raw`(?<![<\w])< ?${VER}${N}`, 'gi'), make: (m) => (/\./.test(g(m, 1)) ? `<${fill(g(m, 1))}` : null) },
  { re: new RegExp(String.raw`(?<![\w-])> ?${VER}${N}`, 'gi'), make: (m) => (/\./.test(g(m, 1)) ? `>${fill(g(m, 1))}` : null) },
  {
    re: /\b(?:all|every|toutes les) (?:of the )?(?:versions? )?(\d{1,4})(?:\.x)? (?:versions?|releases?|branch|series|line)\b|\b(?:all|toutes les) versions? (\d{1,4})(?:\.x)?(?![\w.])/gi,
    make: (m) => `${m[1] ?? g(m, 2)}.x`,
  },
  { re: /(?<![\w./:@="-])v?(\d{1,4}(?:\.\d{1,6}){0,2})\.[x*](?!\w|\.\w)/gi, make: (m) => `${g(m, 1)}.x` },
];

/** Exact versions count only near a version word (or the product name); this keeps OS, browser and protocol numbers out. */
const EXACT = new RegExp(N, 'gi');
const VERSION_CONTEXT = /\b(?:versions?|v|ver|release[sd]?|build|tested (?:on|against|with)|affect(?:s|ed|ing)?|vulnerable|running|installed|latest|current|deployed|firmware|testée?s? (?:sur|avec)|affectées?|concernées?|vulnérables?|installée?)(?![\w\u00C0-\u024F])[^.;!?\n]{0,30}$/i;
/** "fixed in 3.2.1", "upgrade to 3.2.2", "shipped in 3.0.4": versions that are not affected. */
const NOT_AFFECTED = /\b(?:fixed|patched|resolved|corrected|addressed|upgrade|upgrading|update|updating|released|introduced|shipped|added|corrigée?s?|mettre à jour|mise à jour|publiée?|introduite?)\b(?: \w+){0,2} (?:in|to|into|vers|en|dans|à)(?: (?:the|la|version|v))* ?$/i;
/** "could not test 3.x", "did not look at 2.x": named but not claimed. */
const NOT_CLAIMED = /\b(?:could not|couldn't|cannot|can't|did not|didn't|have not|haven't|not) (?:test|check|verify|look at|confirm)\w*\b[^.;\n]{0,30}$|\b(?:pas pu|n'ai pas|je n'ai pas) (?:tester|testé|vérifier|vérifié)[^.;\n]{0,30}$/i;
/** "3.2.1 switched …", "2.1.0 rewrote …", "… is not affected": a version the report clears. */
const CLEARED_AFTER = /^\)?,? (?:is |was |are )?(?:not (?:affected|vulnerable)|unaffected|safe|fixed|patched|switched|rewrote|rejects|removed|changed|n'est pas (?:affectée|vulnérable)|non affectée|corrige)|^[^.;!?\n]{0,40}\b(?:is fixed|seems fixed|was fixed|is patched|can ?not reproduce|could not reproduce|not reproducible|not affected|n'est pas affectée|est corrigée?)(?![\w\u00C0-\u024F])/i;
const ENVIRONMENT_WORDS = new Set(
  'chrome firefox safari edge chromium opera brave ie msie ubuntu debian windows win macos osx ios android python python3 php node nodejs node.js java jdk jre openjdk ruby go golang perl tls tlsv ssl sslv http https http/ cvss cvssv score kernel linux docker curl openssl burp kali centos rhel fedora alpine npm yarn pip gcc clang rust rustc .net dotnet mozilla webkit applewebkit gecko rfc section step chapter iso utf ipv mysql postgresql postgres mariadb redis nginx apache tomcat spring django rails laravel jquery bootstrap angular react vue electron nmap sqlmap ffuf nuclei metasploit zap postman'.split(' '),
);

export interface VersionLine {
  text: string;
  /** Offset of `text` in the body (-1 for the subject). */
  offset: number;
  /** In a versions/product section or the subject: bare versions count. */
  strong: boolean;
}

export interface FoundVersion {
  value: string;
  span: [number, number] | null;
}

/** `trigrams`, when given, covers the lines: a pattern that cannot match in them is not run. */
export function findVersions(lines: VersionLine[], product: string | null, max: number, trigrams?: TrigramIndex): FoundVersion[] {
  // One pass per rule over all lines joined: a regex call per line costs more than the matching itself on long logs.
  const joined = lines.map((l) => l.text).join('\n');
  const starts: number[] = [];
  for (let n = 0, at = 0; n < lines.length; n++) {
    starts.push(at);
    at += (lines[n] as VersionLine).text.length + 1;
  }
  const lineOf = (pos: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // Wording that clears a version is rare: when the lines cannot hold it, no candidate is tested for it.
  const mayNotAffect = mayMatch(NOT_AFFECTED, trigrams);
  const mayNotClaim = mayMatch(NOT_CLAIMED, trigrams);
  const mayClear = mayMatch(CLEARED_AFTER, trigrams);
  const refused = (before: string) => (mayNotAffect && NOT_AFFECTED.test(before)) || (mayNotClaim && NOT_CLAIMED.test(before));
  const found: (FoundVersion & { order: number; exact: boolean })[] = [];
  const taken = new Map<number, [number, number][]>();
  const productKey = (product ?? '').toLowerCase();
  const before = (text: string, at: number) => text.slice(Math.max(0, at - 40), at);
  const contextOk = (line: VersionLine, at: number, n: number) =>
    line.strong ||
    VERSION_CONTEXT.test(before(line.text, at)) ||
    (productKey !== '' && afterProduct(before(line.text, at), productKey)) ||
    continuesList(line.text, at, taken.get(n) ?? []);
  const free = (n: number, a: number, b: number) => {
    const list = taken.get(n) ?? [];
    // A line holding dozens of version-like numbers is a dump, not a statement: stop looking at it, which also keeps this linear.
    return list.length < LIMITS.extractVersionsPerLine && list.every(([x, y]) => b <= x || a >= y);
  };
  const push = (n: number, value: string, a: number, b: number, exact: boolean) => {
    const line = lines[n] as VersionLine;
    const list = taken.get(n) ?? [];
    list.push([a, b]);
    taken.set(n, list);
    found.push({ value, span: line.offset < 0 ? null : [line.offset + a, line.offset + b], order: (starts[n] as number) + a, exact });
  };

  for (const rule of RULES) {
    if (!mayMatch(rule.re, trigrams)) continue;
    for (const m of joined.matchAll(rule.re)) {
      const n = lineOf(m.index);
      const line = lines[n] as VersionLine;
      const a = m.index - (starts[n] as number);
      const b = a + m[0].length;
      if (b > line.text.length || !free(n, a, b)) continue;
      // A number without a dot ("before 3", "40+") is a version only where the text talks about versions.
      const dotted = /\d\.(?:\d|x|\*)|version|release/i.test(m[0]);
      if (!dotted && !contextOk(line, a + Math.max(0, m[0].search(/\d/)), n)) continue;
      if (refused(before(line.text, a))) continue;
      const value = rule.make(m);
      if (value !== null) push(n, value, a, b, false);
    }
  }
  for (const m of joined.matchAll(EXACT)) {
    const v = g(m, 1);
    if (!v.includes('.')) continue;
    const n = lineOf(m.index);
    const line = lines[n] as VersionLine;
    const a = m.index - (starts[n] as number);
    const b = a + m[0].length;
    if (!free(n, a, b)) continue;
    if (looksLikeIp(v) && !/\bv(?:ersion)?\s?$/i.test(before(line.text, a))) continue;
    if (/\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{4}/.test(line.text.slice(Math.max(0, a - 1), b + 5))) continue;
    if (!m[0].toLowerCase().startsWith('v') && !contextOk(line, a, n)) continue;
    const ahead = before(line.text, a);
    const prevWord = /([\w./+-]+)\s?\/?$/.exec(ahead)?.[1]?.toLowerCase() ?? '';
    if (ENVIRONMENT_WORDS.has(prevWord.endsWith('/') ? prevWord.slice(0, -1) : prevWord) && prevWord !== productKey) continue;
    if (refused(ahead) || (mayClear && CLEARED_AFTER.test(line.text.slice(b, b + 60)))) continue;
    push(n, v, a, b, true);
  }
  found.sort((x, y) => x.order - y.order);
  // An exact version that is also the bound of a stated range ("prior to 3.2.1 … 3.2.1 switched") adds nothing.
  const bounds = new Set(found.filter((f) => !f.exact).flatMap((f) => f.value.split(' ').map(withoutOperator)));
  const out: FoundVersion[] = [];
  for (const f of found) {
    if (f.exact && (bounds.has(fill(f.value)) || bounds.has(f.value))) continue;
    if (!out.some((o) => o.value === f.value)) out.push({ value: f.value, span: f.span });
    if (out.length >= max) break;
  }
  return out;
}

/** "acme-web 4.1.2", "nimbus-sync server 0.9.4", "plume-mail webmail, versions 5.1": the product, then at most two words. */
function afterProduct(before: string, product: string): boolean {
  const at = before.toLowerCase().lastIndexOf(product);
  if (at < 0) return false;
  const rest = before.slice(at + product.length);
  return /^['’]?s?(?:[\s,]+[\w-]{1,20}){0,2}[\s,]*$/.test(rest);
}

/** "1.4.0 and 1.4.1", "3.5.0, 3.5.1", "4.2.0 et 4.2.1": a version right after one already taken. */
function continuesList(text: string, at: number, taken: [number, number][]): boolean {
  return taken.some(([, end]) => end <= at && /^\s{0,2}(?:,|and|or|&|et|ou|\/)\s{0,2}(?:v(?:ersion)?\s?)?$/i.test(text.slice(end, at)));
}

const looksLikeIp = (v: string) => {
  const parts = v.split('.');
  return parts.length === 4 && parts.every((p) => Number(p) <= 255);
};

/** `>=3.2.0` → `3.2.0`: a range part without its operator. */
function withoutOperator(part: string): string {
  let at = 0;
  while (part[at] === '<' || part[at] === '>' || part[at] === '=') at++;
  return part.slice(at);
}

/** A normalised entry as a semver range: an exact `3.2` means the 3.2 line, a 4-part version its first three parts. */
function asRange(v: string): string | null {
  const fixed = v.replace(/(\d+\.\d+\.\d+)\.\d+/g, '$1');
  return semverLib().validRange(fixed);
}

/**
 * true when some affected entry intersects some supported range, false when none does,
 * null when nothing can be compared (no entries, or no range parses).
 */
export function versionSupported(affected: string[], supported: string[]): boolean | null {
  let compared = false;
  for (const a of affected) {
    const ra = asRange(a);
    if (ra === null) continue;
    for (const s of supported) {
      const rs = semverLib().validRange(s);
      if (rs === null) continue;
      compared = true;
      try {
        if (semverLib().intersects(ra, rs)) return true;
      } catch {
        // semver throws on ranges it parsed but cannot compare; that pair says nothing.
      }
    }
  }
  return compared ? false : null;
}
