/** @module Bench child: ingests the files named on the command line (as `secintake ingest` does) and prints its peak RSS in bytes. */
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/log.js';
import { openRuntime } from '../src/runtime.js';

const [configFile, ...files] = process.argv.slice(2);
const rt = await openRuntime(loadConfig(configFile as string), createLogger('silent'));
try {
  for (const file of files) {
    const { id } = rt.capture({ source: 'file', sourceRef: null, raw: readFileSync(file) });
    const captured = rt.repos.messages.get(id);
    if (captured) await rt.pipeline.processSafely(captured);
  }
} finally {
  rt.close();
}
// Linux keeps getrusage's maxRSS across fork+exec, so a child of a big parent starts at the parent's peak;
// VmHWM belongs to this process's own address space. resourceUsage().maxRSS (KiB) elsewhere.
const hwm = existsSync('/proc/self/status') ? /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] : undefined;
process.stdout.write(`${Number(hwm ?? process.resourceUsage().maxRSS) * 1024}\n`);
