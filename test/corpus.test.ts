import { describe, expect, test } from 'vitest';
import { aggregate, loadCorpus, runCorpus, THRESHOLDS, type ScoredField } from '../bench/extract-score.js';

// Every labelled case in test/corpus/ (README there), scored by the same code as `npm run bench:extract`.
const cases = await loadCorpus(new URL('./corpus/', import.meta.url).pathname);
const scored = runCorpus(cases);
const stats = aggregate(scored.map((s) => s.results));
const misses = (field: ScoredField) =>
  scored.flatMap((s) => s.results.filter((r) => r.field === field && !r.correct).map((r) => `${s.name}: expected ${JSON.stringify(r.expected)}, got ${JSON.stringify(r.actual)?.slice(0, 160)}`));

describe('extraction corpus', () => {
  test('the corpus has cases to measure', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  test.each(Object.entries(THRESHOLDS) as [ScoredField, number][])('%s is right in at least the threshold share of cases (%s)', (field, threshold) => {
    const { accuracy } = stats[field];
    expect(accuracy, `${field} accuracy ${accuracy} < ${threshold}; misses:\n${misses(field).join('\n')}`).toBeGreaterThanOrEqual(threshold);
  });
});
