/** @module An abortable wait that leaves no listener behind (loops call it forever; a leak grows by one per turn). */

/** Resolves after `ms`, or at once when the signal aborts; either way the abort listener is removed. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
