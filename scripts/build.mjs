/** @module `npm run build`: dist/ as a few ES modules bundled by esbuild, so a command loads tens of files, not hundreds. */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
// A stale file from an earlier build (or the old one-file-per-module layout) must never be what a command runs.
rmSync(dist, { recursive: true, force: true });

/**
 * better-sqlite3 is a native addon and stays outside the bundle. Imported as an ES module, node would run its
 * CommonJS-export scanner (cjs-module-lexer) before loading it; required, it loads as any CommonJS package does.
 */
const requireBetterSqlite3 = {
  name: 'require-better-sqlite3',
  setup(b) {
    b.onResolve({ filter: /^better-sqlite3$/ }, (args) => (args.namespace === 'native' ? { path: args.path, external: true } : { path: args.path, namespace: 'native' }));
    b.onLoad({ filter: /.*/, namespace: 'native' }, () => ({ contents: "module.exports = require('better-sqlite3');", loader: 'js' }));
  },
};

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
  // A native addon, loaded from node_modules by node's own require (see the plugin).
  plugins: [requireBetterSqlite3],
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
