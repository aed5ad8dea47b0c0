/** @module The characters no sender-controlled string may show raw: one list for file names, terminal output and names people type. */

/*
 * C0 controls (ESC starts sequences that recolour, retitle or rewrite a terminal; CR and LF forge lines; NUL
 * truncates in C tools), DEL, C1 controls (U+009B is a one-byte CSI on some terminals), the bidi marks,
 * embeddings, overrides and isolates (they reorder what follows, `a\u202Etxt.exe` displays as `aexe.txt`,
 * Trojan Source), and the line and paragraph separators.
 */
const CLASS = '\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';

/** A fresh regex each call: global regexes carry lastIndex between uses. */
export const unsafeChars = (flags = 'g', extra = '') => new RegExp(`[${CLASS}${extra}]`, flags);
