/**
 * The rooms of ARCHITECTURE.md, checked against the imports: no import cycles, and each layer imports only the
 * layers below it. A change that breaks a rule fails here with the offending import named.
 */
import { resolve } from 'node:path';
import madge from 'madge';
import { beforeAll, describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '..');
let graph: Record<string, string[]>;
let cycles: string[][];

beforeAll(async () => {
  const result = await madge(resolve(root, 'src'), {
    fileExtensions: ['ts'],
    tsConfig: resolve(root, 'tsconfig.json'),
    excludeRegExp: [/\.test\.ts$/],
    // Type-only imports count: a cycle through types is still two rooms that cannot be read apart.
    detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
  });
  graph = result.obj();
  cycles = result.circular();
}, 60_000);

/** The shared vocabulary (statuses, encryption and signature shapes) every layer speaks: importing it is no dependency on report/'s services. */
const VOCABULARY = 'report/types.ts';

/** Files of `from` that import a file of any `forbidden` folder, as "a → b" lines. */
function violations(from: string, forbidden: string[]): string[] {
  return Object.entries(graph)
    .filter(([file]) => file.startsWith(from))
    .flatMap(([file, deps]) => deps.filter((d) => d !== VOCABULARY && forbidden.some((f) => d.startsWith(f))).map((d) => `${file} → ${d}`));
}

describe('architecture', () => {
  test('the dependency graph was read (a broken reader would pass every rule below)', () => {
    expect(Object.keys(graph).length).toBeGreaterThan(80);
    expect(graph['intake/pipeline.ts']).toContain('intake/process.ts');
  });

  test('src has no import cycles', () => {
    expect(cycles).toEqual([]);
  });

  test.each([
    ['policy/ is pure: calendars and deadlines know nothing of mail, storage or the runtime', 'policy/', ['db/', 'mail/', 'intake/', 'notify/', 'report/', 'crypto/', 'cli/', 'runtime.ts', 'daemon.ts']],
    ['intake/extract/ is pure: text in, fields out', 'intake/extract/', ['db/', 'mail/transports', 'notify/', 'report/', 'crypto/', 'cli/', 'runtime.ts', 'daemon.ts', 'intake/pipeline.ts', 'intake/process.ts', 'intake/record.ts']],
    ['mail/ is the MIME and address room: it never reaches into intake, storage or notification', 'mail/', ['intake/', 'db/', 'notify/', 'report/', 'cli/', 'runtime.ts', 'daemon.ts']],
    ['db/ stores; it never calls the stages above it', 'db/', ['intake/', 'notify/', 'mail/', 'crypto/', 'cli/', 'runtime.ts', 'daemon.ts']],
    ['crypto/ never reaches into intake, notification or the CLI', 'crypto/', ['intake/', 'notify/', 'report/', 'cli/', 'runtime.ts', 'daemon.ts']],
    ['report/ (what the team and time do to a report) never depends on the intake runner, the CLI or the runtime', 'report/', ['intake/pipeline.ts', 'intake/process.ts', 'intake/record.ts', 'cli/', 'runtime.ts', 'daemon.ts']],
    ['notify/ composes mail; it never depends on the intake runner, the CLI or the runtime', 'notify/', ['intake/pipeline.ts', 'intake/process.ts', 'intake/record.ts', 'cli/', 'runtime.ts', 'daemon.ts']],
    ['only the CLI entry point imports CLI commands', 'intake/', ['cli/']],
  ])('%s', (_rule, from, forbidden) => {
    expect(violations(from, forbidden)).toEqual([]);
  });
});
