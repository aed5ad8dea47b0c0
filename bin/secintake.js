#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm install` through `prepare`, and by `npm test` first) so every command
// starts in node's time, not a TypeScript compile. Development runs the sources through tsx: when dist/ is missing,
// or with SECINTAKE_DEV=1 (to try a change without a build).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli.js', import.meta.url);
if (process.env.SECINTAKE_DEV !== '1' && existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
