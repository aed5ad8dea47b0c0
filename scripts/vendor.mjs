/**
 * @module What every command starts with (VENDORED), each bundled as its own `dist/<name>.vendor.cjs` and compiled from
 * V8's code cache `dist/<name>.vendor.cache`: compiling yaml, commander and zod from source, and then each function
 * they call on its first call, was ~20 ms of the ~100 ms `reports list` takes beyond a bare `node -e 0`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/**
 * Name → what is bundled under it, in the order the build warms them up: packages whose one instance every chunk shares
 * (CommonJS already, so bundling them apart loses no tree-shaking), and the config schema with the zod it uses (zod
 * whole, from its cache, measured slower than tree-shaken in a chunk; the schema's own copy of the few constants it
 * imports is harmless, as they are plain values).
 */
export const VENDORED = { yaml: 'yaml', commander: 'commander', 'config-schema': 'src/config/schema.ts' };

export const vendorFiles = (dir, name) => ({ source: join(dir, `${name}.vendor.cjs`), cache: join(dir, `${name}.vendor.cache`) });

/**
 * The bundle as a compiled script, from the cache when V8 accepts it (same node, same V8 flags); otherwise
 * V8 compiles the source as node would, so a cache from another node version costs only the read of it.
 */
export function vendorScript(dir, name) {
  const files = vendorFiles(dir, name);
  let cachedData;
  try {
    cachedData = readFileSync(files.cache);
  } catch {
    // Not built (a build without the warm-up step): compiled from source.
  }
  const script = new Script(`(function (exports, require, module) {${readFileSync(files.source, 'utf8')}\n})`, { filename: files.source, cachedData });
  return { script, run: () => runScript(script, files.source) };
}

function runScript(script, file) {
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module);
  return module.exports;
}

const loaded = new Map();

/** One bundle's exports, loaded on first use. Bundled into dist/ (the shim scripts/build.mjs writes imports it), so this module's directory is dist/. */
export function vendored(name) {
  if (!loaded.has(name)) loaded.set(name, vendorScript(fileURLToPath(new URL('.', import.meta.url)), name).run());
  return loaded.get(name);
}
