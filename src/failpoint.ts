/** @module Crash-test failpoints: with SECINTAKE_FAILPOINT=<name> the process exits at that step, as a kill would stop it there. */

export const FAILPOINTS = ['after-capture', 'mid-unwrap', 'after-record', 'mid-send', 'after-send-before-mark'] as const;
export type Failpoint = (typeof FAILPOINTS)[number];

/** The exit code of a failpoint, so a crash test tells it from a real failure (EX_SOFTWARE is 70, ours is 86). */
export const FAILPOINT_EXIT_CODE = 86;

/** No finally blocks, no lease release, no checkpoint: what a crash leaves behind is what the restart must handle. */
export function failpoint(name: Failpoint): void {
  if (process.env.SECINTAKE_FAILPOINT === name) process.exit(FAILPOINT_EXIT_CODE);
}
