/** @module The one escaping for human CLI output: every stored string goes through it before it reaches a terminal. Pure. */

/*
 * Shown as `\uXXXX`: C0 controls (ESC starts sequences that recolour, retitle or rewrite the screen; CR and LF
 * forge extra lines), DEL, C1 controls (U+009B is a one-byte CSI on some terminals), the bidi embeddings,
 * overrides and isolates and the marks (they reorder what follows, Trojan Source style), line and paragraph
 * separators. Escaped rather than removed, so the team sees that the sender tried something.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
