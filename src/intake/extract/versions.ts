/** @module Affected versions in the corpus normal form (`3.2.1`, `<3.2.1`, `<=2.2.4`, `>=3.0.0`, `3.x`, `>=2.0.0 <2.4.0`), and whether policy supports them. */
import semver from 'semver';

/** A version number as written: 1 to 4 parts, not glued to a path, an IP-like chain or a word. */
const N = String.raw`(?<![\w./:@-])v?(\d{1,4}(?:\.\d{1,6}){0,3})(?!\.?\d)(?!\w)`;
const NX = String.raw`(?<![\w./:@-])v?(\d{1,4}(?:\.\d{1,6}){0,2}(?:\.[x*])?)(?!\.?[\d*x])(?!\w)`;
const VER = String.raw`(?:(?:the |la |le )?(?:versions? |releases? |v\.? ?))?`;

type Make = (m: RegExpExecArray) => string | null;
interface Rule {
  re: RegExp;
  make: Make;
  /** Only where the text talks about versions (versions section, subject, or a version word nearby). */
  contextual?: boolean;
}

const fill = (v: string) => {
  const parts = v.replace(/^v/i, '').split('.');
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
    re: new RegExp(String.raw`(?:\b(?:from|de|depuis) )?${VER}${N} ?(?:to|through|thru|until|à|au|jusqu'à|jusqu’à|-|–|—) ?${VER}${NX}`, 'gi'),
    make: (m) => (/\./.test(g(m, 1)) || /\./.test(g(m, 2)) ? `>=${fill(g(m, 1))} ${upperBound(g(m, 2), true)}` : null),
    contextual: true,
  },
  {
    re: new RegExp(String.raw`${NX} (?:and|or|&|et) (?:all |every |any |toutes (?:les )?)?(?:earlier|prior|below|older|lower|before|previous|antérieures?|inférieures?|précédentes|avant)\b`, 'gi'),
    make: (m) => upperBound(g(m, 1), true),
  },
  {
    re: new RegExp(String.raw`\b(?:up to|through|until|jusqu'à|jusqu’à|jusqu'a) (?:and including )?${VER}${N}`, 'gi'),
    make: (m) => `<=${fill(g(m, 1))}`,
    contextual: true,
  },
  { re: new RegExp(String.raw`(?:<=|≤|=<) ?${VER}${N}`, 'gi'), make: (m) => `<=${fill(g(m, 1))}` },
  {
    re: new RegExp(String.raw`${N} ?(?:(?:and|or|&|et) (?:all )?(?:later|above|newer|higher|up|greater|after|ultérieures?|supérieures?|suivantes|plus récentes)\b|\+(?!\w))`, 'gi'),
    make: (m) => `>=${fill(g(m, 1))}`,
  },
  { re: new RegExp(String.raw`(?:>=|≥|=>) ?${VER}${N}`, 'gi'), make: (m) => `>=${fill(g(m, 1))}` },
  {
    re: new RegExp(String.raw`\b(?:since|starting (?:with|from|at)|à partir de|depuis) ${VER}${N}|\bfrom ${VER}${N} (?:onwards?|on)\b`, 'gi'),
    make: (m) => `>=${fill(m[1] ?? g(m, 2))}`,
    contextual: true,
  },
  {
    re: new RegExp(String.raw`\b(?:before|prior to|earlier than|older than|lower than|below|avant|antérieures? à|inférieures? à) ${VER}${N}`, 'gi'),
    make: (m) => `<${fill(g(m, 1))}`,
  },
  { re: new RegExp(String.raw`(?<![<\w])< ?${VER}${N}`, 'gi'), make: (m) => (/\./.test(g(m, 1)) ? `<${fill(g(m, 1))}` : null) },
  { re: new RegExp(String.raw`(?<![\w-])> ?${VER}${N}`, 'gi'), make: (m) => (/\./.test(g(m, 1)) ? `>${fill(g(m, 1))}` : null), contextual: true },
  {
    re: /\b(?:all|every|toutes les) (?:of the )?(?:versions? )?(\d{1,4})(?:\.x)? (?:versions?|releases?|branch|series|line)\b|\b(?:all|toutes les) versions? (\d{1,4})(?:\.x)?(?![\w.])/gi,
    make: (m) => `${m[1] ?? g(m, 2)}.x`,
  },
  { re: /(?<![\w./:@-])v?(\d{1,4}(?:\.\d{1,6}){0,2})\.[x*](?![\w.])/gi, make: (m) => `${g(m, 1)}.x` },
];

/** Exact versions count only near a version word (or the product name); this keeps OS, browser and protocol numbers out. */
const EXACT = new RegExp(N, 'gi');
const VERSION_CONTEXT = /\b(?:versions?|v|ver|release[sd]?|build|tested (?:on|against|with)|affect(?:s|ed|ing)?|vulnerable|running|installed|latest|current|deployed|testée?s? (?:sur|avec)|affectées?|concernées?|vulnérables?|installée?)\b[^.;!?\n]{0,30}$/i;
const NOT_AFFECTED = /\b(?:fixed|patched|resolved|corrected|addressed|upgrade|upgrading|update|updating|released|introduced|corrigée?s?|mettre à jour|mise à jour|publiée?)\b(?: \w+){0,2} (?:in|to|into|vers|en|dans|à)(?: (?:the|la|version|v))* ?$/i;
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

export function findVersions(lines: VersionLine[], product: string | null, max: number): FoundVersion[] {
  const found: (FoundVersion & { order: number })[] = [];
  const productWords = (product ?? '').toLowerCase().split(/[\s_-]+/).filter((w) => w.length >= 2);
  for (const [n, line] of lines.entries()) {
    const taken: [number, number][] = [];
    const free = (a: number, b: number) => taken.every(([x, y]) => b <= x || a >= y);
    const contextOk = (at: number) => line.strong || VERSION_CONTEXT.test(line.text.slice(Math.max(0, at - 40), at)) || nearProduct(line.text, at, productWords);
    const push = (value: string, a: number, b: number) => {
      taken.push([a, b]);
      const span: [number, number] | null = line.offset < 0 ? null : [line.offset + a, line.offset + b];
      found.push({ value, span, order: n * 1e6 + a });
    };
    for (const rule of RULES) {
      rule.re.lastIndex = 0;
      for (const m of line.text.matchAll(rule.re)) {
        const a = m.index;
        const b = a + m[0].length;
        if (!free(a, b) || (rule.contextual && !contextOk(a) && !contextOk(b))) continue;
        if (NOT_AFFECTED.test(line.text.slice(Math.max(0, a - 40), a))) continue;
        const value = rule.make(m);
        if (value !== null) push(value, a, b);
      }
    }
    for (const m of line.text.matchAll(EXACT)) {
      const a = m.index;
      const b = a + m[0].length;
      const v = g(m, 1);
      if (!free(a, b) || !v.includes('.')) continue;
      const before = line.text.slice(Math.max(0, a - 40), a);
      const prevWord = /([\w./+-]+)\s?\/?$/.exec(before)?.[1]?.toLowerCase() ?? '';
      if (ENVIRONMENT_WORDS.has(prevWord.replace(/\/$/, '')) && !productWords.includes(prevWord)) continue;
      if (/\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{4}/.test(line.text.slice(Math.max(0, a - 1), b + 5))) continue;
      if (looksLikeIp(v) && !/\bv(?:ersion)?\s?$/i.test(before)) continue;
      if (NOT_AFFECTED.test(before)) continue;
      if (!m[0].toLowerCase().startsWith('v') && !contextOk(a)) continue;
      push(v, a, b);
    }
  }
  found.sort((x, y) => x.order - y.order);
  const out: FoundVersion[] = [];
  for (const f of found) {
    if (!out.some((o) => o.value === f.value)) out.push({ value: f.value, span: f.span });
    if (out.length >= max) break;
  }
  return out;
}

function nearProduct(text: string, at: number, productWords: string[]): boolean {
  if (productWords.length === 0) return false;
  const before = text.slice(Math.max(0, at - 40), at).toLowerCase();
  const last = productWords.at(-1) as string;
  return new RegExp(`${escape(last)}\\s?(?:v|version|versions|release|ver\\.?)?\\s?$`).test(before);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const looksLikeIp = (v: string) => v.split('.').length === 4 && v.split('.').every((p) => Number(p) <= 255);

/** A normalised entry as a semver range: an exact `3.2` means the 3.2 line, a 4-part version its first three parts. */
function asRange(v: string): string | null {
  const fixed = v.replace(/(\d+\.\d+\.\d+)\.\d+/g, '$1');
  return semver.validRange(fixed);
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
      const rs = semver.validRange(s);
      if (rs === null) continue;
      compared = true;
      try {
        if (semver.intersects(ra, rs)) return true;
      } catch {
        // semver throws on ranges it parsed but cannot compare; that pair says nothing.
      }
    }
  }
  return compared ? false : null;
}
