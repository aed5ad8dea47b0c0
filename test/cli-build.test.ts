/** The compiled CLI (`bin/secintake.js` runs dist/, bundled by scripts/build.mjs): its version, and what each command loads. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

let ws: Workspace;
let runs = 0;
beforeAll(async () => {
  ws = await createWorkspace();
});
afterAll(() => ws?.cleanup());

/** The URL of every module `secintake ARGS` loaded, ES and CommonJS. */
function loadedUrls(args: string[]): string[] {
  const record = join(ws.dir, `loads-${++runs}.txt`);
  const r = spawnSync(process.execPath, ['--import', './test/helpers/record-loads.mjs', 'bin/secintake.js', ...args], { encoding: 'utf8', env: { ...process.env, RECORD_LOADS: record } });
  expect(r.stderr).not.toMatch(/internal error/);
  return readFileSync(record, 'utf8').split('\n');
}

/** What `secintake ARGS` loaded, as the sources bundled into each file of dist/ it read (each chunk's source map names them). */
function loadedSources(args: string[]): string[] {
  const urls = loadedUrls(args).filter((u) => u.includes('/dist/'));
  return urls.flatMap((u) => (JSON.parse(readFileSync(`${fileURLToPath(u)}.map`, 'utf8')) as { sources: string[] }).sources);
}

/** The packages under node_modules/ that `secintake ARGS` loaded outside the bundle (better-sqlite3 and what it requires). */
function loadedPackages(args: string[]): string[] {
  const names = loadedUrls(args).flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []);
  return [...new Set(names)].sort();
}

describe('the compiled CLI', () => {
  test('--version prints the version in package.json', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const r = spawnSync(process.execPath, ['bin/secintake.js', '--version'], { encoding: 'utf8' });
    expect({ code: r.status, stdout: r.stdout }).toEqual({ code: 0, stdout: `${version}\n` });
  });

  test('--version loads no command group', () => {
    const sources = loadedSources(['--version']);
    expect(sources).toContainEqual(expect.stringMatching(/src\/cli\.ts$/));
    expect(sources.filter((s) => /src\/cli\/commands\//.test(s))).toEqual([]);
  });

  // The desk's promise (src/desk.ts): no keys, no crypto, no mail libraries, no logger.
  const HEAVY = /src\/(runtime|daemon)\.ts$|src\/(crypto|notify|sources|jobs)\/|node_modules\/(openpgp|imapflow|mailparser|nodemailer|pino|date-holidays|semver)\//;

  test.each([
    ['reports list --json opens the desk', ['reports', 'list', '--json'], /src\/desk\.ts$/],
    ['messages list --json opens the desk', ['messages', 'list', '--json'], /src\/desk\.ts$/],
    ['outbox list --json opens the desk', ['outbox', 'list', '--json'], /src\/desk\.ts$/],
  ])('%s, and loads neither the runtime nor the crypto, mail or log libraries', (_name, args, expected) => {
    const sources = loadedSources(['--config', ws.configFile, ...args]);
    expect(sources).toContainEqual(expect.stringMatching(expected));
    expect(sources.filter((s) => HEAVY.test(s))).toEqual([]);
  });

  // better-sqlite3 is given its addon's path (src/db/connection.ts): the `bindings` package's search is never run.
  test.each([
    ['reports list --json', ['reports', 'list', '--json']],
    ['outbox list --json', ['outbox', 'list', '--json']],
  ])('%s loads better-sqlite3 and no other package outside the bundle', (_name, args) => {
    expect(loadedPackages(['--config', ws.configFile, ...args])).toEqual(['better-sqlite3']);
  });

  // yaml, commander and the config schema (with zod) come from their own bundles, compiled from V8's code cache
  // (scripts/vendor.mjs), not from a chunk.
  test.each([
    ['--version', ['--version']],
    ['reports list --json', ['--config', '<config>', 'reports', 'list', '--json']],
    ['config check', ['--config', '<config>', 'config', 'check']],
  ])('%s takes yaml, commander, zod and the config schema from the vendored bundles, not from a chunk of dist/', (_name, args) => {
    const sources = loadedSources(args.map((a) => (a === '<config>' ? ws.configFile : a)));
    expect(sources.filter((s) => /node_modules\/(yaml|commander|zod)\/|src\/config\/schema\.ts$/.test(s))).toEqual([]);
  });

  test('this node accepts the code cache of every vendored bundle', () => {
    const script = "import { VENDORED, vendorScript } from './scripts/vendor.mjs'; process.stdout.write(JSON.stringify(Object.keys(VENDORED).map((n) => [n, vendorScript('dist', n).script.cachedDataRejected])));";
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toEqual([
      ['yaml', false],
      ['commander', false],
      ['config-schema', false],
    ]);
  });

  test.each([
    ['a cache of other bytes', 'garbage'],
    ['no cache at all', null],
  ])('with %s, a vendored bundle is compiled from its source and works', (_name, cache) => {
    const dir = join(ws.dir, `vendor-${++runs}`);
    mkdirSync(dir);
    copyFileSync('dist/yaml.vendor.cjs', join(dir, 'yaml.vendor.cjs'));
    if (cache !== null) writeFileSync(join(dir, 'yaml.vendor.cache'), cache);
    const script = `import { vendorScript } from './scripts/vendor.mjs'; const v = vendorScript(${JSON.stringify(dir)}, 'yaml'); process.stdout.write(JSON.stringify([v.script.cachedDataRejected ?? null, v.run().parse('a: [1, 2]')]));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toEqual([cache === null ? null : true, { a: [1, 2] }]);
  });
});
