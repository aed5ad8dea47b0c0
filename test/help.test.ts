/** Every command and subcommand's --help ends with one example of itself; the walk reads the help, so commands added later are covered. */
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { EXAMPLES } from '../src/cli/examples.js';

function help(path: string[]): string {
  const r = spawnSync(process.execPath, ['bin/secintake.js', ...path, '--help'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`secintake ${path.join(' ')} --help exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Names listed under "Commands:" (two-space indent; wrapped descriptions are indented further). */
function subcommands(text: string): string[] {
  const section = text.split(/^Commands:\n/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1] as string).filter((name) => name !== 'help');
}

function walk(path: string[] = []): { path: string[]; text: string }[] {
  const text = help(path);
  return [{ path, text }, ...subcommands(text).flatMap((name) => walk([...path, name]))];
}

describe('--help', () => {
  const commands = walk();

  test('the walk finds the command tree', () => {
    expect(commands.map((c) => c.path.join(' '))).toEqual(expect.arrayContaining(['', 'run', 'ingest', 'reports', 'reports list', 'policy render', 'config check', 'db backup']));
  });

  test('every example belongs to a command that exists', () => {
    const paths = new Set(commands.map((c) => c.path.join(' ')));
    expect(Object.keys(EXAMPLES).filter((p) => !paths.has(p))).toEqual([]);
  });

  test.each(commands.map((c) => [c.path.join(' ') || '(the program)', c] as const))('secintake %s --help shows one example of itself', (_name, { path, text }) => {
    const examples = text.split(/^Example:\n/m);
    expect(examples).toHaveLength(2);
    const line = examples[1]?.split('\n')[0] ?? '';
    expect(line).toMatch(/^ {2}\$ secintake /);
    // The example runs this very command (a global --config may come before it).
    const words = line.replace(/^ {2}\$ secintake /, '').replace(/^--config \S+ /, '').split(' ');
    expect(words.slice(0, path.length)).toEqual(path);
  });
});
