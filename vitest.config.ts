import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // E2E suites start real servers on loopback ports; run files one at a time so they never contend.
    fileParallelism: false,
    // .ci/run reads the counts from this file to print its one summary line.
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
