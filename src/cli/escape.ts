/** @module The one escaping for human CLI output: every stored string goes through it before it reaches a terminal. Pure. */
import { unsafeChars } from '../mail/unsafe-chars.js';

// Escaped rather than removed, so the team sees that a sender tried something.
const UNSAFE = unsafeChars();

export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A template whose every substitution is escaped: our own labels pass as written, and no stored string can bypass the escaping. */
export function term(strings: TemplateStringsArray, ...values: (string | number | boolean | null | undefined)[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? escapeForTerminal(String(values[i] ?? '')) : ''), '');
}

/** Stored multi-line text (a report, an excerpt): each line escaped, CR included, and only the LF kept so it still reads as text. */
export function escapeLines(text: string): string[] {
  return text.split('\n').map(escapeForTerminal);
}
