/** @module `npm run build`: dist/ as a few ES modules bundled by esbuild, so a command loads tens of files, not hundreds. */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
// A stale file from an earlier build (or the old one-file-per-module layout) must never be what a command runs.
rmSync(dist, { recursive: true, force: true });

await build({
  // Every output sits in dist/ itself: code moved into a shared chunk keeps what `import.meta.url` resolves against
  // (`../package.json` from cli.ts, `./worker.js` from the crypto pool, `createRequire` for date-holidays and semver).
  entryPoints: { cli: 'src/cli.ts', worker: 'src/crypto/pool/worker.ts' },
  outdir: dist,
  chunkNames: '[name]-[hash]',
  bundle: true,
  // Each lazily imported command group stays its own chunk: `--version` and one group load only what they use.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // A native addon: its loader finds the compiled .node file beside its own package.
  external: ['better-sqlite3'],
  // Less source to read and compile on every start; names are kept so a stack trace still says which function failed.
  minifyWhitespace: true,
  minifySyntax: true,
  // Line and column back to src/*.ts for a bug report: `node --enable-source-maps dist/cli.js …` (the maps cost a
  // start time nobody should pay on every command).
  sourcemap: true,
  // The CommonJS packages inside the bundle (commander, yaml, pino, nodemailer, …) call require() for node's own
  // modules; an ES module has no require of its own.
  banner: { js: "import { createRequire as __secintakeRequire } from 'node:module'; const require = __secintakeRequire(import.meta.url);" },
  logLevel: 'warning',
});
