/** @module A preload (`node --import`) that appends the URL of every ES module the process loads to the file named by $RECORD_LOADS, one a line. */
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

/** Runs in node's module-hooks thread, for each module before it is read. */
export async function load(url, context, next) {
  appendFileSync(process.env.RECORD_LOADS, `${url}\n`);
  return next(url, context);
}

if (isMainThread) register(import.meta.url);
