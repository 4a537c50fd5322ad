// The benchmark's report: one markdown table of ratios (measure, value, target, met?), the set-up
// it was measured with, notes for reading it, and the failures that void a run; and the verdict
// (exit status) that follows from them.
import { parseArgs } from 'node:util';

export interface ResultRow {
  section: string;
  measure: string;
  value: string;
  target: string;
  ok: boolean;
  /** An AWS-call target: missing it fails the run (exit 1). Latency and overhead rows only report. */
  gate?: boolean;
}

export interface BenchOptions {
  /** Also write the report to this file (e.g. test/bench/results.md to publish a run). */
  out?: string;
}

/** `npm run bench -- --out FILE`; anything else is an error. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({ args: [...argv], options: { out: { type: 'string' } }, strict: true, allowPositionals: false });
  if (values.out !== undefined && values.out.trim() === '') throw new Error('--out needs a file name');
  return values.out === undefined ? {} : { out: values.out };
}

export interface BenchVerdict {
  exitCode: 0 | 1;
  /** The last line the bench prints: what the exit status means. */
  summary: string;
}

export function benchVerdict(rows: readonly ResultRow[], failures: readonly string[]): BenchVerdict {
  if (failures.length > 0) return { exitCode: 1, summary: `bench FAILED: ${failures.length} problem(s) void the run; no numbers reported` };
  const missed = rows.filter((row) => row.gate && !row.ok);
  const unmetTargets = rows.filter((row) => !row.gate && !row.ok).length;
  const reported = unmetTargets ? `; ${unmetTargets} latency target(s) not met (reported, not gating)` : '';
  if (missed.length > 0) {
    return { exitCode: 1, summary: `bench FAILED: ${missed.length} AWS-call target(s) missed: ${missed.map((row) => `${row.measure}: ${row.value} (target ${row.target})`).join('; ')}${reported}` };
  }
  return { exitCode: 0, summary: `bench passed: every AWS-call target met${reported}` };
}

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function renderResults(report: { rows: readonly ResultRow[]; setup: readonly string[]; notes: readonly string[]; failures: readonly string[] }): string {
  const lines: string[] = ['# Dashboard benchmark (`npm run bench`)', ''];
  if (report.failures.length > 0) {
    lines.push('**FAILED**: the run is broken, so no numbers are reported from it.', '');
    for (const failure of report.failures) lines.push(`- ${failure}`);
    lines.push('');
  }
  if (report.rows.length > 0) {
    const missed = report.rows.filter((row) => row.gate && !row.ok).length;
    if (missed > 0) lines.push(`**FAILED**: ${missed} AWS-call target(s) missed (rows marked "**no**, fails the run"); the bench exits 1.`, '');
    lines.push('| section | measure | value | target | met |', '|---|---|---|---|---|');
    // Rows in section order ("1. ...", "2. ..."), measurement order within a section.
    const rows = [...report.rows].sort((a, b) => a.section.localeCompare(b.section, 'en', { numeric: true }));
    for (const row of rows) lines.push(`| ${cell(row.section)} | ${cell(row.measure)} | ${cell(row.value)} | ${cell(row.target)} | ${metCell(row)} |`);
    const gated = [...new Set(rows.filter((row) => row.gate).map((row) => row.section.split('.')[0]))];
    lines.push('', `The AWS-call rows (of sections ${gated.join(', ')}) are gates: one missed makes the bench exit 1. Latency and overhead rows are reported.`, '');
  }
  for (const line of report.setup) lines.push(`- ${line}`);
  if (report.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of report.notes) lines.push(`- ${note}`);
  }
  return lines.join('\n');
}

function metCell(row: ResultRow): string {
  if (row.ok) return 'yes';
  return row.gate ? '**no**, fails the run' : '**no**';
}
