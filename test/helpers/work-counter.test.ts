/** @module The counting harness counts what it claims: V8 routes every regex method through a replaced exec, and a quadratic loop shows up. */
import { describe, expect, test } from 'vitest';
import { countWork, patternsOver } from './work-counter.js';

describe('work-counter', () => {
  test.each([
    ['match', (s: string) => s.match(/,/)],
    ['matchAll', (s: string) => [...s.matchAll(/,/g)]],
    ['replace', (s: string) => s.replace(/,/g, ';')],
    ['replaceAll', (s: string) => s.replaceAll(/,/g, ';')],
    ['split', (s: string) => s.split(/,/)],
    ['test', (s: string) => /,/.test(s)],
    ['search', (s: string) => s.search(/,/)],
  ])('String and RegExp method %s reaches the replaced exec', (_name, run) => {
    const { work } = countWork(() => run('a,b,c'));
    expect(work.regexCalls).toBeGreaterThan(0);
  });

  test('a global replace over n characters counts about n, however many matches it finds', () => {
    const text = 'a\n'.repeat(50_000);
    const { work } = countWork(() => text.replace(/\n/g, ' '));
    expect(work.regexCalls).toBe(50_001);
    expect(work.regexChars).toBeLessThanOrEqual(text.length + 1);
  });

  test('a split by a regex counts one sticky try per position, one character each', () => {
    const text = 'ab,'.repeat(1_000);
    const { work } = countWork(() => text.split(/,/));
    expect(work.patterns.map((p) => p.pattern)).toEqual(['/,/y']);
    expect(work.regexChars).toBeLessThanOrEqual(text.length + 1);
  });

  test('a loop that searches to the end of the text from every hit is counted as quadratic', () => {
    const text = '-'.repeat(10_000);
    const quadratic = () => {
      for (let at = text.indexOf('-'); at >= 0; at = text.indexOf('-', at + 1)) text.indexOf('\n', at);
    };
    expect(countWork(quadratic).work.total).toBeGreaterThan(text.length * 1_000);
  });

  test.each([
    ['String indexOf', () => 'x'.repeat(100).indexOf('y'), 100],
    ['String includes', () => 'x'.repeat(100).includes('y'), 100],
    ['String lastIndexOf', () => 'x'.repeat(100).lastIndexOf('y'), 100],
    ['String split by a string', () => 'x'.repeat(100).split(','), 100],
    ['toLowerCase', () => 'X'.repeat(100).toLowerCase(), 100],
    ['Buffer indexOf', () => Buffer.alloc(100).indexOf(1), 100],
    ['Buffer toString', () => Buffer.alloc(100).toString('latin1'), 100],
  ])('%s counts the characters it passed over', (_name, run: () => unknown, chars) => {
    expect(countWork(run).work.scanChars).toBe(chars);
  });

  test('the largest input of each regex is kept, so a regex run over a whole text is named', () => {
    const text = 'a'.repeat(5_000);
    const { work } = countWork(() => {
      /b/.test(text);
      /c/.test(text.slice(0, 10));
    });
    expect(patternsOver(work, 1_000)).toEqual(['/b/']);
  });

  test('the originals are back after the call, also when it throws', () => {
    const exec = RegExp.prototype.exec;
    const indexOf = String.prototype.indexOf;
    expect(() =>
      countWork(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(RegExp.prototype.exec).toBe(exec);
    expect(String.prototype.indexOf).toBe(indexOf);
  });
});
