/** @module How a failed job is described in logs and on the CLI, without report content. */
import { isSecintakeError } from '../errors.js';

export interface FailureText {
  code: string | null;
  err: string;
  hint?: string;
  stack?: string;
}

/**
 * Our errors carry messages we wrote, so they are shown whole. Anything else is a bug: shown by type and stack
 * frames only, because a foreign error's message can quote its input (JSON.parse does) and that input may be a report.
 */
export function describeFailure(e: unknown): FailureText {
  if (isSecintakeError(e)) return { code: e.code, err: e.message, ...(e.hint === undefined ? {} : { hint: e.hint }) };
  if (!(e instanceof Error)) return { code: null, err: `a thrown ${typeof e} (a bug)` };
  const frames = e.stack?.split('\n').filter((l) => l.trimStart().startsWith('at ')).join('\n');
  return { code: null, err: `${e.name} (a bug; message withheld, it may quote input)`, ...(frames ? { stack: frames } : {}) };
}
