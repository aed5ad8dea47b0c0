/** firstBy: a section's first lines without sorting the whole section. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { firstBy } from './digest-first.js';

const byKey = (a: [number, number], b: [number, number]) => a[0] - b[0];
const pairs = (keys: number[]): [number, number][] => keys.map((k, i) => [k, i]);

describe('firstBy', () => {
  test.each([
    { keys: [], k: 3, first: [] },
    { keys: [3, 1, 2], k: 0, first: [] },
    { keys: [3, 1, 2], k: 5, first: [1, 2, 3] },
    { keys: [5, 4, 3, 2, 1], k: 2, first: [1, 2] },
    { keys: [1, 1, 1, 1], k: 2, first: [1, 1] },
  ])('the first $k of $keys are $first', ({ keys, k, first }) => {
    expect(firstBy(pairs(keys), byKey, k).map(([key]) => key)).toEqual(first);
  });

  test('equal keys keep their list order, as a stable sort does', () => {
    expect(firstBy(pairs([2, 1, 2, 1, 2]), byKey, 3)).toEqual([[1, 1], [1, 3], [2, 0]]);
  });

  test('any list and any k: the same as a stable sort then a slice', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), fc.nat({ max: 60 }), (keys, k) => {
        const list = pairs(keys);
        expect(firstBy(list, byKey, k)).toEqual([...list].sort(byKey).slice(0, k));
      }),
    );
  });
});
