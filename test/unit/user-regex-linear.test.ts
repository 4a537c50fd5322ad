// A user's regular expression never runs on the backtracking engine (RegExp) in the process: not in
// a tail's line matcher, not in the embedded emulator's Logs Insights `like /.../` or `parse`, not in
// its FilterLogEvents %regex%. `(.+)+\x00` takes seconds per 27-character line on RegExp.
import { describe, expect, it, vi } from 'vitest';
import { logLineMatcher } from '../../src/aws/log-tail.ts';
import { regexLiteral } from '../../src/aws/logs-insights-query.ts';
import { compileFilterPattern } from '../../src/emulator/log-filter-pattern.ts';
import { executeInsightsQuery } from '../../src/emulator/logs-insights-engine.ts';
import { parseInsightsQuery } from '../../src/emulator/logs-insights-parser.ts';
import { LogStore } from '../../src/emulator/log-store.ts';

const HOSTILE = '(.+)+\u0000';
/** Short enough that even a backtracking engine ends (~2^20 steps) when the assertion below fails. */
const SHORT_LINE = 'x'.repeat(20);
const LONG_LINES = Array.from({ length: 50 }, (_, i) => `${i} ${'payment accepted '.repeat(600)}`);

/**
 * How many times a RegExp built from the hostile patterns ran (RegExp#test and String#match go
 * through exec) while `run` ran. The engine's own fixed regexes do not count.
 */
function regExpRunsDuring<T>(run: () => T): { value: T; runs: number } {
  const exec = vi.spyOn(RegExp.prototype, 'exec');
  let value: T;
  let ran: RegExp[];
  try {
    value = run();
  } finally {
    ran = [...exec.mock.contexts] as RegExp[];
    exec.mockRestore();
  }
  return { value, runs: ran.filter((regex) => /\(\.\+\)\+|\(a\|a\)\+/.test(regex.source)).length };
}

describe('user regexes run in linear time', () => {
  it('a tail matches filter.matches and log_stream_pattern without RegExp, long lines included', () => {
    const keep = logLineMatcher({ matches: HOSTILE, levels: ['ERROR'] }, '(a|a)+$');
    expect(regExpRunsDuring(() => keep(SHORT_LINE, SHORT_LINE))).toEqual({ value: false, runs: 0 });
    expect(regExpRunsDuring(() => LONG_LINES.filter((line) => keep(line, `${line}b`)).length)).toEqual({ value: 0, runs: 0 });
    expect(regExpRunsDuring(() => keep('ERROR a\u0000', 'aaaa'))).toEqual({ value: true, runs: 0 });
  });

  it('keeps the meaning of (?i) and word boundaries', () => {
    const keep = logLineMatcher({ matches: '(?i)time(d )?out' }, undefined);
    expect(keep('request TIMED OUT after 3 s', undefined)).toBe(true);
    expect(keep('request ok', undefined)).toBe(false);
    expect(logLineMatcher({ levels: ['WARN'] })('a WARNING here', undefined)).toBe(true);
    expect(logLineMatcher({ levels: ['WARN'] })('FOREWARNED', undefined)).toBe(false);
  });

  it('refuses what RE2 cannot run, with the argument named', () => {
    expect(() => regexLiteral('(a', 'filter.matches')).toThrow(/filter\.matches: not a valid regular expression/);
    expect(() => regexLiteral('a{1001}', 'filter.matches')).toThrow(/filter\.matches: not a valid regular expression/);
  });

  it("the embedded emulator's Logs Insights like and parse use no RegExp", () => {
    const T0 = Date.UTC(2026, 0, 1);
    const run = (query: string, lines: string[]) => {
      const store = new LogStore({ now: () => T0 });
      store.putLogEvents('/ecs/api', 'api/1', lines.map((message, i) => ({ timestamp: T0 + i, message })));
      const scope = { store, logGroupNames: ['/ecs/api'], startMs: T0, endMs: T0 + 60_000, accountId: '123456789012' };
      return regExpRunsDuring(() => executeInsightsQuery(parseInsightsQuery(query), scope).results.length);
    };
    const like = `fields @message | filter @message like ${regexLiteral(HOSTILE)} | limit 5`;
    const parse = 'fields @message | parse @message /(?<a>(.+)+)\\x00/ | filter ispresent(a) | limit 5';
    expect(run(like, [SHORT_LINE])).toEqual({ value: 0, runs: 0 });
    expect(run(parse, [SHORT_LINE])).toEqual({ value: 0, runs: 0 });
    expect(run(like, LONG_LINES)).toEqual({ value: 0, runs: 0 });
    expect(run(parse, [...LONG_LINES, 'ab\u0000'])).toEqual({ value: 1, runs: 0 });
  });

  it("the embedded emulator's FilterLogEvents %regex% uses no RegExp", () => {
    const matcher = compileFilterPattern('%(.+)+\\x00%');
    expect(regExpRunsDuring(() => matcher(SHORT_LINE))).toEqual({ value: false, runs: 0 });
    expect(regExpRunsDuring(() => LONG_LINES.filter((line) => matcher(line)).length)).toEqual({ value: 0, runs: 0 });
    expect(regExpRunsDuring(() => matcher('ab\u0000'))).toEqual({ value: true, runs: 0 });
  });
});
