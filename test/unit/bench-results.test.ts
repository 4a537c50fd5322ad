// The benchmark's exit status and output say what the table says (test/bench/results-table.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { benchVerdict, parseBenchArgs, renderResults, type ResultRow } from '../bench/results-table.ts';

const row = (overrides: Partial<ResultRow>): ResultRow => ({ section: '1. AWS calls / minimum', measure: 'GetQueryResults polls per log query (cold)', value: '9 / 7 = 1.29', target: '1', ok: true, ...overrides });

describe('bench verdict', () => {
  it('fails the run when an AWS-call row misses its target, naming it', () => {
    const verdict = benchVerdict([row({ ok: false, gate: true }), row({ measure: 'all AWS calls of a dashboard, cold → warm', value: '27 → 24', ok: false, gate: true })], []);
    expect(verdict.exitCode).toBe(1);
    expect(verdict.summary).toContain('2 AWS-call target(s) missed: GetQueryResults polls per log query (cold): 9 / 7 = 1.29 (target 1); all AWS calls');
  });

  it('passes with unmet latency targets, and says they were not met', () => {
    const verdict = benchVerdict([row({ gate: true }), row({ section: '2. latency / critical path', measure: 'dashboard', value: '1.24', target: '≤ 1.10', ok: false })], []);
    expect(verdict).toEqual({ exitCode: 0, summary: 'bench passed: every AWS-call target met; 1 latency target(s) not met (reported, not gating)' });
  });

  it('fails a broken run whatever its rows', () => {
    expect(benchVerdict([row({ gate: true })], ['dashboard: 2 GraphQL error(s)']).exitCode).toBe(1);
  });

  it('marks the failing rows in the table', () => {
    const table = renderResults({ rows: [row({ ok: false, gate: true }), row({ section: '2. latency', ok: false })], setup: [], notes: [], failures: [] });
    expect(table).toContain('**FAILED**: 1 AWS-call target(s) missed');
    expect(table).toContain('| 9 / 7 = 1.29 | 1 | **no**, fails the run |');
    expect(table).toMatch(/\| 2\. latency \|.*\| \*\*no\*\* \|/);
  });
});

describe('bench arguments', () => {
  it('writes no file unless asked', () => {
    expect(parseBenchArgs([])).toEqual({});
    expect(parseBenchArgs(['--out', '/tmp/bench.md'])).toEqual({ out: '/tmp/bench.md' });
    expect(() => parseBenchArgs(['--frobnicate'])).toThrow(/frobnicate/);
    expect(() => parseBenchArgs(['--out', ''])).toThrow(/file name/);
  });

  it('never writes the tracked results file on its own', () => {
    const source = readFileSync('test/bench/run-bench.ts', 'utf8');
    expect(source).not.toMatch(/results\.md/);
    expect(source.match(/writeFileSync\(/g)).toHaveLength(1); // the one in writeReport, behind --out
  });
});
