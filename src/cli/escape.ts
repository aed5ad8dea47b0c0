/** @module The one escaping for human CLI output: every stored string goes through it before it reaches a terminal. Pure. */
import { unsafeChars } from '../mail/unsafe-chars.js';

// Escaped rather than removed, so the team sees that a sender tried something.
const UNSAFE = unsafeChars();

export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
