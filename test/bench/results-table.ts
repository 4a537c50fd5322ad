// The benchmark's report: one markdown table of ratios (measure, value, target, met?), the set-up
// it was measured with, notes for reading it, and the failures that void a run.

export interface ResultRow {
  section: string;
  measure: string;
  value: string;
  target: string;
  ok: boolean;
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
    lines.push('| section | measure | value | target | met |', '|---|---|---|---|---|');
    // Rows in section order ("1. ...", "2. ..."), measurement order within a section.
    const rows = [...report.rows].sort((a, b) => a.section.localeCompare(b.section, 'en', { numeric: true }));
    for (const row of rows) lines.push(`| ${cell(row.section)} | ${cell(row.measure)} | ${cell(row.value)} | ${cell(row.target)} | ${row.ok ? 'yes' : '**no**'} |`);
    lines.push('');
  }
  for (const line of report.setup) lines.push(`- ${line}`);
  if (report.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of report.notes) lines.push(`- ${note}`);
  }
  return lines.join('\n');
}
