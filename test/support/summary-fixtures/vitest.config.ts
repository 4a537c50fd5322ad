// A run of the fixture files below with the project's summary reporter (test/unit/summary-reporter.test.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [process.env['SUMMARY_FIXTURE'] ?? '*.fixture.ts'],
    reporters: ['../summary-reporter.ts'],
    pool: 'forks',
    maxWorkers: 1,
  },
});
