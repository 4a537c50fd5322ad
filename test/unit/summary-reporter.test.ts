// The closing line of `npm test` must say what happened: real vitest runs of the fixture files in
// test/support/summary-fixtures with the project's reporter.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const FIXTURES = 'test/support/summary-fixtures';

function runFixtures(include: string, env: Record<string, string | undefined> = {}): { status: number | null; lastLine: string; output: string } {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, SUMMARY_FIXTURE: include, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  delete childEnv['VITEST'];
  delete childEnv['VITEST_WORKER_ID'];
  delete childEnv['VITEST_POOL_ID'];
  const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--root', FIXTURES], { env: childEnv, encoding: 'utf8', timeout: 60_000 });
  const lines = result.stdout.trim().split('\n');
  return { status: result.status, lastLine: lines[lines.length - 1] ?? '', output: result.stdout };
}

describe('the summary line', () => {
  it('counts a failed setup hook, a failed teardown hook and an unhandled error as failures', () => {
    const run = runFixtures('{passing,failing-setup,failing-teardown,unhandled-error}.fixture.ts');
    // passed: 2 (passing) + 1 (teardown file) + 1 (unhandled-error file); failed: setup, teardown, unhandled error.
    expect(run.lastLine).toBe('4 passed, 3 failed, 2 skipped');
    expect(run.status).not.toBe(0);
  }, 60_000);

  it('ends "0 failed" with exit 0 only for a run with nothing failed', () => {
    const run = runFixtures('passing.fixture.ts');
    expect(run.lastLine).toBe('2 passed, 0 failed, 0 skipped');
    expect(run.status).toBe(0);
  }, 60_000);

  it('skips the tests of a missing tool with the reason on a developer machine', () => {
    const run = runFixtures('missing-tool.fixture.ts', { CI: undefined });
    expect(run.output).toMatch(/skipped missing-tool\.fixture\.ts: tinkr-no-such-tool is not installed .*apt-get install tinkr-no-such-tool \(2 tests\)/);
    expect(run.lastLine).toBe('0 passed, 0 failed, 2 skipped');
    expect(run.status).toBe(0);
  }, 60_000);

  it('fails the run when a tool is missing under CI=true', () => {
    const run = runFixtures('missing-tool.fixture.ts', { CI: 'true' });
    expect(run.lastLine).toBe('0 passed, 1 failed, 0 skipped');
    expect(run.status).not.toBe(0);
  }, 60_000);
});
