/**
 * The README is tested: every shell block in README.md and deploy/INSTALL.md is either `sh doctest` (run in order
 * against a fresh demo workspace, its `# → ` lines checked against what it prints) or `sh syntax-only` (`bash -n`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

interface Block {
  where: string;
  info: string;
  code: string;
}

const DOCS = ['README.md', 'deploy/INSTALL.md'];
const SHELL = /^(sh|bash|shell|console)\b/;

function blocks(file: string): Block[] {
  const out: Block[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i] ?? '');
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    if (end < 0) throw new Error(`${file}:${i + 1}: unclosed code block`);
    out.push({ where: `${file}:${i + 1}`, info: (open[1] ?? '').trim(), code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return out;
}

/** `# → text` lines: each must equal a later output line, in order; `…` stands for any run of characters. */
function expectations(code: string): RegExp[] {
  return [...code.matchAll(/^# → ?(.*)$/gm)].map((m) => {
    const parts = (m[1] ?? '').split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`^${parts.join('.*')}$`);
  });
}

/** The expectations not met, in order; an empty list means the output matches. */
function unmet(output: string, wanted: RegExp[]): string[] {
  const lines = output.split('\n').map((l) => l.trimEnd());
  let at = 0;
  const missing: string[] = [];
  for (const re of wanted) {
    const found = lines.findIndex((l, i) => i >= at && re.test(l));
    if (found < 0) missing.push(re.source);
    else at = found + 1;
  }
  return missing;
}

const all = DOCS.flatMap(blocks);
const shell = all.filter((b) => SHELL.test(b.info));
const runnable = shell.filter((b) => b.info === 'sh doctest');
const syntaxOnly = shell.filter((b) => b.info === 'sh syntax-only');

const checkout = resolve('.');
let workspace: string;
beforeAll(() => {
  // A fresh demo in a temp dir (its own .demo/ and keys/), so the checkout's demo is never touched.
  workspace = mkdtempSync(join(tmpdir(), 'secintake-readme-'));
  const demo = spawnSync(process.execPath, ['--import', 'tsx', 'src/demo/run.ts'], { env: { ...process.env, SECINTAKE_DEMO_ROOT: workspace }, encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`npm run demo failed:\n${demo.stdout}\n${demo.stderr}`);
  // The blocks run as from the checkout root: `node bin/secintake.js` resolves through this link.
  symlinkSync(join(checkout, 'bin'), join(workspace, 'bin'));
});
afterAll(() => workspace && rmSync(workspace, { recursive: true, force: true }));

describe('README and INSTALL shell blocks', () => {
  test('every shell block says whether it runs (sh doctest) or is only syntax-checked (sh syntax-only)', () => {
    expect(shell.filter((b) => b.info !== 'sh doctest' && b.info !== 'sh syntax-only').map((b) => `${b.where}: \`\`\`${b.info}`)).toEqual([]);
    expect(runnable.length).toBeGreaterThan(0);
  });

  test.each(syntaxOnly.map((b) => [b.where, b] as const))('%s is valid shell (bash -n)', (_where, b) => {
    const r = spawnSync('bash', ['-n'], { input: b.code, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  // In document order, in one workspace: a later block may rely on what an earlier one did, as a reader's would.
  test.each(runnable.map((b) => [b.where, b] as const))('%s runs as written and prints what it says', (_where, b) => {
    const env = { ...process.env };
    delete env.SECINTAKE_CONFIG;
    // No terminal, as in CI or a pipe: a step that needs one (a pinentry prompt) fails here rather than hanging.
    const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', `exec 2>&1\n${b.code}`], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 120_000 });
    const output = r.stdout ?? '';
    expect({ status: r.status, output }).toMatchObject({ status: 0 });
    expect(unmet(output, expectations(b.code))).toEqual([]);
  });
});

describe('the doc test itself', () => {
  test.each([
    ['a line equal to the expectation matches', 'a\nb\n', '# → b', []],
    ['… stands for any run of characters', 'gpg: Good signature from "X" [unknown]\n', '# → gpg: Good signature from "X" …', []],
    ['a partial line does not match', 'gpg: Good signature from "X" [unknown]\n', '# → Good signature', ['^Good signature$']],
    ['expectations are met in order', 'b\na\n', '# → a\n# → b', ['^b$']],
    ['regex characters in the text are literal', '(1) [x]\n', '# → (1) [x]', []],
  ])('%s', (_n, output, code, missing) => {
    expect(unmet(output, expectations(code))).toEqual(missing);
  });
});
