/**
 * @module A preload (`node --import`) that appends the URL of every module the process loads to the file named by
 * $RECORD_LOADS, one a line: ES modules as node's hooks read them, CommonJS ones (which those hooks do not see on
 * Node 20) from require's cache as the process exits.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

/** Runs in node's module-hooks thread, for each module before it is read. */
export async function load(url, context, next) {
  appendFileSync(process.env.RECORD_LOADS, `${url}\n`);
  return next(url, context);
}

if (isMainThread) {
  register(import.meta.url);
  const { cache } = createRequire(import.meta.url);
  process.on('exit', () => {
    const urls = Object.keys(cache).map((file) => pathToFileURL(file).href);
    if (urls.length > 0) appendFileSync(process.env.RECORD_LOADS, `${urls.join('\n')}\n`);
  });
}
