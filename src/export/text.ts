/** @module Reporter text made fit for a published advisory: no control, bidi or invisible characters, bounded length. Pure. */

// C0 (but tab and LF), DEL, C1, zero-width and bidi controls, BOM: they hide or reorder text in every viewer an advisory reaches.
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// A lone surrogate is not a character: JSON parsers disagree on it and some reject the whole document.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Cuts to `max` code points (never inside a surrogate pair), ending with an ellipsis when cut. */
function bound(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

function scrub(text: string): string {
  return text.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n').replace(INVISIBLE, '').replace(LONE_SURROGATE, '');
}

/** Multi-line text (details, descriptions): line breaks kept, at most `max` characters; null when nothing is left. */
export function prose(text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null;
  const clean = scrub(text).replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  return clean === '' ? null : bound(clean, max);
}

/** One line (titles, names, versions): every run of white space is one space; null when nothing is left. */
export function line(text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null;
  const clean = scrub(text).replace(/\s+/g, ' ').trim();
  return clean === '' ? null : bound(clean, max);
}
