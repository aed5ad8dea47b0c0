/** @module The one escaping for human CLI output: every stored string goes through it before it reaches a terminal. Pure. */
import { unsafeChars } from '../mail/unsafe-chars.js';

// Escaped rather than removed, so the team sees that a sender tried something.
const UNSAFE = unsafeChars();

const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, escaped);
}

/**
 * JSON for a terminal or a pager: exact once parsed, but no character of the unsafe list raw. JSON.stringify escapes
 * C0 controls inside strings, not DEL, C1 or bidi ones, so those are written as `\uXXXX`; outside strings its output
 * holds no unsafe character but the indentation's line feeds, which stay.
 */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE, (c) => (c === '\n' ? c : escaped(c)));
}

/** A template whose every substitution is escaped: our own labels pass as written, and no stored string can bypass the escaping. */
export function term(strings: TemplateStringsArray, ...values: (string | number | boolean | null | undefined)[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? escapeForTerminal(String(values[i] ?? '')) : ''), '');
}

/** Stored multi-line text (a report, an excerpt): each line escaped, CR included, and only the LF kept so it still reads as text. */
export function escapeLines(text: string): string[] {
  return text.split('\n').map(escapeForTerminal);
}
