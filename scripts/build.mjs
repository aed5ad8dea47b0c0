/**
 * @module `npm run build`: dist/ as a few ES modules bundled by esbuild, so a command loads tens of files, not hundreds,
 * and the bundles every command starts with (scripts/vendor.mjs) with their V8 code caches.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { VENDORED, vendorFiles, vendorScript } from './vendor.mjs';

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

/** What each vendored bundle exports, read from it once built: the shim re-exports exactly those names. */
const vendorExports = {};
const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Every import of a VENDORED package or module goes through a shim that takes its exports from the code-cached bundle
 * (scripts/vendor.mjs), so every `import { X } from 'yaml'` still resolves, to one instance.
 */
const vendoredImports = {
  name: 'vendored-imports',
  setup(b) {
    const byEntry = new Map(Object.entries(VENDORED).map(([name, entry]) => [entry.startsWith('src/') ? join(root, entry) : entry, name]));
    b.onResolve({ filter: /.*/ }, (args) => {
      const target = args.path.startsWith('.') ? join(args.resolveDir, args.path).replace(/\.js$/, '.ts') : args.path;
      const name = byEntry.get(target);
      return name === undefined ? undefined : { path: name, namespace: 'vendored' };
    });
    b.onLoad({ filter: /.*/, namespace: 'vendored' }, (args) => {
      const keys = vendorExports[args.path];
      const loader = JSON.stringify(fileURLToPath(new URL('./vendor.mjs', import.meta.url)));
      return {
        contents: [
          `import { vendored } from ${loader};`,
          `const m = vendored(${JSON.stringify(args.path)});`,
          ...keys.map((k, i) => `const e${i} = m[${JSON.stringify(k)}];`),
          `export { ${keys.map((k, i) => `e${i} as ${JSON.stringify(k)}`).join(', ')} };`,
        ].join('\n'),
        loader: 'js',
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      };
    });
  },
};

await build({
  entryPoints: Object.fromEntries(Object.entries(VENDORED).map(([name, entry]) => [`${name}.vendor`, entry])),
  outdir: dist,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});

/**
 * V8's code cache of each vendored bundle, taken after a run through what every command does with it (so the functions
 * a start calls are in it compiled, not only the top level). The warm-up's inputs are the repository's own example
 * config (valid, then with wrong keys) and a command tree shaped like ours; anything a command calls beyond them
 * compiles on first call, as before. Each warm-up may use the bundles warmed before it (VENDORED's order).
 */
const WARM_UP = {
  yaml: (yaml) => yaml.parseDocument(readFileSync(new URL('../config.example.yaml', import.meta.url), 'utf8'), { lineCounter: new yaml.LineCounter(), prettyErrors: true, uniqueKeys: true }).toJS(),
  'config-schema': ({ configSchema }) => {
    const example = instances.yaml.parse(readFileSync(new URL('../config.example.yaml', import.meta.url), 'utf8'));
    configSchema.safeParse(example, { jitless: true });
    configSchema.safeParse({ ...example, colour: 'blue', policy: { grace_days: -1 }, team: {} }, { jitless: true });
  },
  commander: ({ Command, Option }) => {
    const program = new Command('secintake').version('0').option('--config <file>').exitOverride();
    const group = new Command('reports');
    group.command('list').addOption(new Option('--status <status>').choices(['new'])).option('--json').action(() => {});
    group.command('show').argument('<ref>').option('--json').action(() => {});
    program.addCommand(group.copyInheritedSettings(program));
    program.parse(['--config', 'config.yaml', 'reports', 'list', '--json'], { from: 'user' });
  },
};
const instances = {};
for (const name of Object.keys(VENDORED)) {
  const { script, run } = vendorScript(dist, name);
  instances[name] = run();
  vendorExports[name] = Object.keys(instances[name]);
  WARM_UP[name](instances[name]);
  writeFileSync(vendorFiles(dist, name).cache, script.createCachedData());
}

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
  plugins: [requireBetterSqlite3, vendoredImports],
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
