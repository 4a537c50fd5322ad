// Ends a test run with one plain line, "N passed, N failed, N skipped", that any CI can read.
// Everything that makes vitest fail the run counts as failed: a failed test, a file that did not
// load, a failed hook (beforeAll/afterAll of a file or suite) and an error thrown outside any test.
// Tests skipped for a reason (a missing tool) are listed with it above the line.
import type { SerializedError } from 'vitest';
import type { Reporter, TestModule } from 'vitest/node';

export interface RunSummary {
  passed: number;
  failed: number;
  skipped: number;
  /** "file: reason (N tests)" for tests skipped with a note. */
  skipReasons: string[];
}

export function summarizeRun(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): RunSummary {
  const summary: RunSummary = { passed: 0, failed: unhandledErrors.length, skipped: 0, skipReasons: [] };
  for (const module of testModules) {
    const failedBefore = summary.failed;
    // Errors of the file itself (load, top-level hooks) and of its suites' hooks.
    summary.failed += module.errors().length;
    for (const suite of module.children.allSuites()) summary.failed += suite.errors().length;
    const notes = new Map<string, number>();
    for (const test of module.children.allTests()) {
      const result = test.result();
      if (result.state === 'passed') summary.passed++;
      else if (result.state === 'failed') summary.failed++;
      else {
        summary.skipped++;
        if (result.state === 'skipped' && result.note) notes.set(result.note, (notes.get(result.note) ?? 0) + 1);
      }
    }
    // A file vitest calls failed is never reported as a success, whatever else was counted.
    if (module.state() === 'failed' && summary.failed === failedBefore) summary.failed++;
    for (const [note, count] of notes) summary.skipReasons.push(`${module.relativeModuleId}: ${note} (${count} test${count === 1 ? '' : 's'})`);
  }
  return summary;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const summary = summarizeRun(testModules, unhandledErrors);
    const skipped = summary.skipReasons.map((line) => `skipped ${line}\n`).join('');
    process.stdout.write(`\n${skipped}${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped\n`);
  }
}
