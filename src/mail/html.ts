/** @module HTML body to plain text, pure: block elements become line breaks, entities are decoded, markup is dropped. */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

export function htmlToText(html: string): string {
  const text = defuseHtml(html)
    .replace(/<(script|style|head|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\b[^>]*>/gi, '\n')
    .replace(/<\/?(p|div|pre|li|ul|ol|tr|table|h[1-6]|blockquote|section|article)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .replace(/\u00a0/g, ' ')
    // Pinned to the start of a run: unpinned, every space of a long run without a line break began a scan to its end.
    .replace(/(?<![ \t])[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Lower case of ASCII letters only, so offsets stay those of the input: `İ`.toLowerCase() is two code units long. */
const asciiLower = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/**
 * Where the last closer starts, as htmlToText's pattern closes (`</script >` yes, `</scriptx>` no): an opener kept
 * because some other text began like a closer would scan to the end, once per opener.
 */
function lastCloser(lower: string, close: string): number {
  if (close === '-->') return lower.lastIndexOf(close);
  let last = -1;
  for (const m of lower.matchAll(new RegExp(`${close}\\s*>`, 'g'))) last = m.index;
  return last;
}

/**
 * The tag patterns below have no closing bound, so a `<` that never closes would make each of them scan to
 * the end once per `<`: quadratic on hostile HTML. Escape such `<` first, and the openers of
 * script/style/head/title and comments that have no closer after them. Idempotent.
 */
export function defuseHtml(html: string): string {
  let out = html.replace(/<(?![^<>]{0,2000}>)/g, '&lt;');
  for (const [open, close] of [['<!--', '-->'], ['<script', '</script'], ['<style', '</style'], ['<head', '</head'], ['<title', '</title']] as const) {
    const lower = asciiLower(out);
    if (!lower.includes(open)) continue;
    const lastClose = lastCloser(lower, close);
    let from = lastClose < 0 ? 0 : lastClose;
    let rebuilt = '';
    let last = 0;
    for (let at = lower.indexOf(open, from); at >= 0; at = lower.indexOf(open, from)) {
      rebuilt += `${out.slice(last, at)}&lt;`;
      last = at + 1;
      from = at + open.length;
    }
    out = rebuilt + out.slice(last);
  }
  return out;
}

