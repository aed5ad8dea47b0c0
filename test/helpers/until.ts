/** @module A bounded poll for end-to-end tests: waits for a condition, and on timeout says what was still missing. */

export interface UntilOptions {
  /** The bound of the wait; generous, because it guards a hang, it does not measure anything. */
  timeoutMs?: number;
  /** The state at the timeout (what is missing, server and daemon logs), appended to the failure. */
  detail?: () => string;
}

export async function until(what: string, check: () => boolean, opts: UntilOptions = {}): Promise<void> {
  await untilValue(what, async () => check(), (done) => done, opts);
}

/** Polls `get` until `ok` accepts what it gave, and returns that (e.g. a mailbox once the awaited mail is in it). */
export async function untilValue<T>(what: string, get: () => Promise<T>, ok: (value: T) => boolean, opts: UntilOptions = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const start = Date.now();
  for (;;) {
    const value = await get();
    if (ok(value)) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${opts.detail ? `\n${opts.detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
