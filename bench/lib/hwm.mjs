/** @module Bench preload (`node --import ./bench/lib/hwm.mjs bin/secintake.js …`): prints the process's peak RSS to stderr as it exits. */
import { existsSync, readFileSync, writeSync } from 'node:fs';

// Linux keeps getrusage's maxRSS across fork+exec, so a child of a big parent starts at the parent's peak;
// VmHWM belongs to this process's own address space. resourceUsage().maxRSS (KiB) elsewhere.
process.on('exit', () => {
  const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? process.resourceUsage().maxRSS;
  // Synchronous: nothing asynchronous runs after 'exit'.
  writeSync(2, `\nsecintake-bench-hwm ${Number(kib) * 1024}\n`);
});
