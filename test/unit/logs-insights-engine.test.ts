import { describe, expect, it } from 'vitest';
import { RE2JS } from 're2js';
import { AwsError } from '../../src/emulator/emulator-types.ts';
import { parseInsightsQuery } from '../../src/emulator/logs-insights-parser.ts';
import {
  discoverJsonFields,
  executeInsightsQuery,
  formatInsightsTime,
  type ResultField,
} from '../../src/emulator/logs-insights-engine.ts';
import { LogStore } from '../../src/emulator/log-store.ts';

const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);
const ACCOUNT = '123456789012';

/** 10 JSON events in /ecs/api (one per 30 s), 3 plain-text events in /ecs/worker. */
function fixture(): LogStore {
  const store = new LogStore({ now: () => T0 });
  store.putLogEvents(
    '/ecs/api',
    'api/web/1',
    Array.from({ length: 10 }, (_, i) => ({
      timestamp: T0 + i * 30_000,
      message: JSON.stringify({
        level: i % 4 === 0 ? 'ERROR' : 'INFO',
        latency: (i + 1) * 10,
        path: i % 2 === 0 ? '/pay' : '/refund',
        http: { status: i % 4 === 0 ? 500 : 200 },
      }),
    })),
  );
  store.putLogEvents('/ecs/worker', 'worker/1', [
    { timestamp: T0 + 15_000, message: 'job started id=7' },
    { timestamp: T0 + 45_000, message: 'job FAILED id=7 path=/x/y' },
    { timestamp: T0 + 75_000, message: "quote ' and \"double\"" },
  ]);
  return store;
}

function run(query: string, groups: string[] = ['/ecs/api'], options: { startMs?: number; endMs?: number; limit?: number } = {}) {
  return executeInsightsQuery(parseInsightsQuery(query), {
    store: fixture(),
    logGroupNames: groups,
    startMs: options.startMs ?? T0,
    endMs: options.endMs ?? T0 + 3_600_000,
    accountId: ACCOUNT,
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
  });
}

/** Rows as plain objects without @ptr, for compact assertions. */
function rows(results: ResultField[][]): Array<Record<string, string>> {
  return results.map((row) => Object.fromEntries(row.filter((f) => f.field !== '@ptr').map((f) => [f.field, f.value])));
}

function malformed(query: string): string {
  try {
    parseInsightsQuery(query);
  } catch (error) {
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).code).toBe('MalformedQueryException');
    return (error as AwsError).message;
  }
  throw new Error(`expected ${query} to be malformed`);
}

describe('Logs Insights parser', () => {
  it('parses multi-stage queries with comments, newlines, backticks and aliases', () => {
    const parsed = parseInsightsQuery(
      '# newest errors\nfields @timestamp, `http.status` as status, latency\n| filter level = "ERROR" and latency >= 10 # inline\n| sort latency desc\n| limit 5',
    );
    expect(parsed.stages.map((s) => s.kind)).toEqual(['fields', 'filter', 'sort', 'limit']);
    expect(parsed.stages[0]).toMatchObject({ items: [{ name: '@timestamp' }, { name: 'status', expr: { kind: 'field', name: 'http.status' } }, { name: 'latency' }] });
    expect(parsed.stages[2]).toEqual({ kind: 'sort', keys: [{ field: 'latency', descending: true }] });
    expect(parsed.stages[3]).toEqual({ kind: 'limit', count: 5 });
  });

  it('reads string escapes and regex literals as Logs Insights does', () => {
    const parsed = parseInsightsQuery(String.raw`filter msg = 'it\'s "x"' or @message like /a\/b/ or @message like /(?i)error/`);
    const filter = parsed.stages[0];
    expect(filter?.kind).toBe('filter');
    const text = JSON.stringify(filter, (_k, v: unknown) => (v instanceof RE2JS ? `/${v.pattern()}/${v.flags() & RE2JS.CASE_INSENSITIVE ? 'i' : ''}` : v));
    expect(text).toContain(`"value":"it's \\"x\\""`);
    expect(text).toContain('"/a/b/"');
    expect(text).toContain('/error/i');
  });

  it('keeps hostile literals literal: quotes, backslashes, pipes, slashes and \\Q...\\E regex quoting', () => {
    const parsed = parseInsightsQuery(String.raw`filter a = "x\" | limit 1 # not a comment" and b like /a\/b|c\.d/ and c like /\Q1+1=(2)\E$/`);
    const filter = parsed.stages[0];
    expect(parsed.stages).toHaveLength(1);
    const text = JSON.stringify(filter, (_k, v: unknown) => (v instanceof RE2JS ? v.pattern() : v));
    expect(text).toContain('"value":"x\\" | limit 1 # not a comment"');
    const regexes: RE2JS[] = [];
    JSON.stringify(filter, (_k, v: unknown) => (v instanceof RE2JS ? (regexes.push(v), '') : v));
    expect(regexes[0]?.test('a/b')).toBe(true);
    expect(regexes[1]?.test('x 1+1=(2)')).toBe(true);
    expect(regexes[1]?.test('11=2')).toBe(false);
  });

  it('names stats columns after the expression as written unless aliased', () => {
    const parsed = parseInsightsQuery('stats count(*), avg(latency) as mean, pct(latency, 95) by bin(5m), path');
    expect(parsed.stages[0]).toEqual({
      kind: 'stats',
      aggregates: [
        { fn: 'count', name: 'count(*)' },
        { fn: 'avg', field: 'latency', name: 'mean' },
        { fn: 'pct', field: 'latency', percentile: 95, name: 'pct(latency, 95)' },
      ],
      groups: [
        { kind: 'bin', ms: 300_000, name: 'bin(5m)' },
        { kind: 'field', field: 'path', name: 'path' },
      ],
    });
  });

  it('rejects what it does not know with a MalformedQueryException that points at the problem', () => {
    expect(malformed('fields @message | frobnicate x')).toBe("Unknown command 'frobnicate' at line 1 and position 19");
    expect(malformed('fields a\n| filter a = ')).toBe('Expected a field name or a literal, found end of query at line 2 and position 14');
    expect(malformed('filter a like 5')).toContain("Expected a string or /regular expression/ after 'like'");
    expect(malformed('filter a =~ "x"')).toContain("Expected a /regular expression/ after '=~'");
    expect(malformed('filter @message like /unterminated')).toBe('Unterminated regular expression at line 1 and position 22');
    expect(malformed('filter a = "open')).toBe('Unterminated string literal at line 1 and position 12');
    expect(malformed('limit 0')).toContain('limit must be an integer between 1 and 10000');
    expect(malformed('limit 10001')).toContain('limit must be an integer between 1 and 10000');
    expect(malformed('stats median(x)')).toContain('Expected an aggregation function');
    expect(malformed('stats count(*) by bin(5x)')).toBe("Unknown time unit 'x' at line 1 and position 23");
    expect(malformed('fields a b')).toContain("Expected '|' or end of query, found 'b'");
    expect(malformed('')).toContain('Expected a query command');
    expect(malformed('filter (a = 1')).toContain("Expected ')'");
    expect(malformed('parse @message "a * b *" as x')).toContain("2 '*' but 1 field names");
  });
});

describe('Logs Insights executor', () => {
  it('returns newest first by default with every value a string, times formatted and @ptr on each row', () => {
    const result = run('fields @timestamp, level, latency, @log, @logStream | limit 3');
    expect(rows(result.results)).toEqual([
      { '@timestamp': '2026-11-25 10:04:30.000', level: 'INFO', latency: '100', '@log': '123456789012:/ecs/api', '@logStream': 'api/web/1' },
      { '@timestamp': '2026-11-25 10:04:00.000', level: 'ERROR', latency: '90', '@log': '123456789012:/ecs/api', '@logStream': 'api/web/1' },
      { '@timestamp': '2026-11-25 10:03:30.000', level: 'INFO', latency: '80', '@log': '123456789012:/ecs/api', '@logStream': 'api/web/1' },
    ]);
    for (const row of result.results) expect(row[row.length - 1]?.field).toBe('@ptr');
    expect(new Set(result.results.map((row) => row[row.length - 1]?.value)).size).toBe(3);
    expect(result.statistics).toMatchObject({ recordsScanned: 10, recordsMatched: 10, logGroupsScanned: 1 });
  });

  it('filters with =, !=, <, >=, in, like, =~, not, and/or and parentheses', () => {
    const latencies = (query: string): string[] => rows(run(`${query} | fields latency | sort latency asc`).results).map((r) => r.latency as string);
    expect(latencies('filter level = "ERROR"')).toEqual(['10', '50', '90']);
    expect(latencies('filter level != "ERROR" and latency < 45')).toEqual(['20', '30', '40']);
    expect(latencies('filter latency >= 80 or (path = "/pay" and not level = "INFO")')).toEqual(['10', '50', '80', '90', '100']);
    expect(latencies('filter latency in [20, 30, 999]')).toEqual(['20', '30']);
    expect(latencies('filter path in ["/refund"] and latency > 60')).toEqual(['80', '100']);
    expect(latencies('filter @message like "refund" and latency <= 40')).toEqual(['20', '40']);
    expect(latencies('filter @message like /"status":5\\d\\d/')).toEqual(['10', '50', '90']);
    expect(latencies('filter path =~ /^\\/PAY$/i')).toEqual(['10', '30', '50', '70', '90']);
    expect(latencies('filter @message not like /refund/ and latency > 50')).toEqual(['70', '90']);
    expect(latencies('filter `http.status` = 500')).toEqual(['10', '50', '90']);
    expect(latencies('filter ispresent(nope) or latency = 100')).toEqual(['100']);
    expect(latencies('filter latency > -5 and latency < 15')).toEqual(['10']);
  });

  it('still compares computed fields that the raw message does not contain', () => {
    expect(rows(run('fields "blue" as colour, @logStream as s | filter colour = "blue" and s = "api/web/1" | limit 1').results)).toEqual([
      { colour: 'blue', s: 'api/web/1' },
    ]);
    expect(run('filter level = "WARN"').results).toEqual([]);
  });

  it('sorts numerically, ascending by default, and applies limit after sort', () => {
    expect(rows(run('fields latency | sort latency | limit 2').results)).toEqual([{ latency: '10' }, { latency: '20' }]);
    expect(rows(run('fields latency | sort latency desc | limit 2').results)).toEqual([{ latency: '100' }, { latency: '90' }]);
  });

  it('computes stats by bin() and by field, with time-formatted bins', () => {
    const byBin = run('stats count(*) as n, sum(latency) as total, min(latency), max(latency) by bin(1m)');
    expect(rows(byBin.results)).toEqual([
      { 'bin(1m)': '2026-11-25 10:00:00.000', n: '2', total: '30', 'min(latency)': '10', 'max(latency)': '20' },
      { 'bin(1m)': '2026-11-25 10:01:00.000', n: '2', total: '70', 'min(latency)': '30', 'max(latency)': '40' },
      { 'bin(1m)': '2026-11-25 10:02:00.000', n: '2', total: '110', 'min(latency)': '50', 'max(latency)': '60' },
      { 'bin(1m)': '2026-11-25 10:03:00.000', n: '2', total: '150', 'min(latency)': '70', 'max(latency)': '80' },
      { 'bin(1m)': '2026-11-25 10:04:00.000', n: '2', total: '190', 'min(latency)': '90', 'max(latency)': '100' },
    ]);
    expect(byBin.results.every((row) => row.every((f) => f.field !== '@ptr'))).toBe(true);
    expect(byBin.statistics.recordsMatched).toBe(10);

    const byField = run('filter latency > 10 | stats avg(latency) as mean, pct(latency, 50) as p50, count(level) as c, count_distinct(level) as levels by path | sort c desc');
    // Nearest-rank percentile: /refund has 20,40,60,80,100 and /pay 30,50,70,90.
    expect(rows(byField.results)).toEqual([
      { path: '/refund', mean: '60', p50: '60', c: '5', levels: '1' },
      { path: '/pay', mean: '60', p50: '50', c: '4', levels: '2' },
    ]);
    expect(byField.statistics.recordsMatched).toBe(9);
  });

  it('counts an empty window as a single zero row and bins across several groups', () => {
    expect(rows(run('stats count(*)', ['/ecs/api'], { startMs: T0 - 10_000, endMs: T0 - 1 }).results)).toEqual([{ 'count(*)': '0' }]);
    const both = run('stats count(*) as n by bin(1m)', ['/ecs/api', '/ecs/worker'], { endMs: T0 + 59_999 });
    expect(rows(both.results)).toEqual([{ 'bin(1m)': '2026-11-25 10:00:00.000', n: '4' }]);
    expect(both.statistics.logGroupsScanned).toBe(2);
  });

  it('merges several log groups newest first and honours the inclusive time range', () => {
    const result = run('fields @timestamp, @log', ['/ecs/api', '/ecs/worker'], { startMs: T0 + 30_000, endMs: T0 + 75_000 });
    expect(rows(result.results)).toEqual([
      { '@timestamp': '2026-11-25 10:01:15.000', '@log': '123456789012:/ecs/worker' },
      { '@timestamp': '2026-11-25 10:01:00.000', '@log': '123456789012:/ecs/api' },
      { '@timestamp': '2026-11-25 10:00:45.000', '@log': '123456789012:/ecs/worker' },
      { '@timestamp': '2026-11-25 10:00:30.000', '@log': '123456789012:/ecs/api' },
    ]);
    const bytes = fixture();
    const worker = bytes.getLogGroup('/ecs/worker');
    const api = bytes.getLogGroup('/ecs/api');
    const expectedBytes =
      (worker?.events.slice(1, 3) ?? []).reduce((s, e) => s + Buffer.byteLength(e.message), 0) +
      (api?.events.slice(1, 3) ?? []).reduce((s, e) => s + Buffer.byteLength(e.message), 0);
    expect(result.statistics).toEqual({ recordsScanned: 4, recordsMatched: 4, bytesScanned: expectedBytes, logGroupsScanned: 2 });
  });

  it('uses the StartQuery limit when the query has none, and the query limit otherwise', () => {
    expect(run('fields latency', ['/ecs/api'], { limit: 4 }).results).toHaveLength(4);
    expect(run('fields latency | limit 2', ['/ecs/api'], { limit: 4 }).results).toHaveLength(2);
  });

  it('returns every discovered field when there is no fields command', () => {
    const [first] = rows(run('limit 1').results);
    expect(first).toEqual({
      '@timestamp': '2026-11-25 10:04:30.000',
      '@message': '{"level":"INFO","latency":100,"path":"/refund","http":{"status":200}}',
      '@logStream': 'api/web/1',
      '@log': '123456789012:/ecs/api',
      '@ingestionTime': '2026-11-25 10:04:30.200',
      level: 'INFO',
      latency: '100',
      path: '/refund',
      'http.status': '200',
    });
  });

  it('parses fields out of plain text with globs and named regex groups, then dedups', () => {
    const glob = run('parse @message "job * id=*" as state, id | filter ispresent(state) | fields state, id', ['/ecs/worker']);
    expect(rows(glob.results)).toEqual([
      { state: 'FAILED', id: '7 path=/x/y' },
      { state: 'started', id: '7' },
    ]);
    const regex = run('parse @message /id=(?<id>\\d+)/ | filter ispresent(id) | dedup id | fields id', ['/ecs/worker']);
    expect(rows(regex.results)).toEqual([{ id: '7' }]);
    const quoted = run(`filter @message like "'" and @message like '"double"' | fields @message`, ['/ecs/worker']);
    expect(rows(quoted.results)).toEqual([{ '@message': 'quote \' and "double"' }]);
  });

  it('formats times and discovers nested JSON fields', () => {
    expect(formatInsightsTime(T0 + 1)).toBe('2026-11-25 10:00:00.001');
    expect([...discoverJsonFields('{"a":{"b":1,"c":[true,"x"]},"d":null}')]).toEqual([
      ['a.b', 1],
      ['a.c.0', true],
      ['a.c.1', 'x'],
    ]);
    expect(discoverJsonFields('not json {').size).toBe(0);
  });

  it('evaluates arithmetic and functions in fields, with nested JSON fields and `in`', () => {
    const result = run(
      'filter path in ["/pay", "/nowhere"] | fields floor(http.status / 500) as fault, latency * 2 + 1 as x, coalesce(missing, http.status) as status, least(3, latency / 10) as capped, strcontains(path, "pa") as hasPa | stats sum(fault) as faults, sum(x) as xs, max(capped) as maxCapped, sum(hasPa) as pa, count(*) as n',
    );
    // /pay rows: i = 0, 2, 4, 6, 8 -> latency 10, 30, 50, 70, 90; status 500 for i = 0, 4, 8.
    expect(rows(result.results)).toEqual([{ faults: '3', xs: String(2 * (10 + 30 + 50 + 70 + 90) + 5), maxCapped: '3', pa: '5', n: '5' }]);
    // A missing value makes the arithmetic null; `/` after `like` still opens a regex.
    expect(rows(run('fields missing / 2 as half | filter @message like /refund/ | stats count(half) as c, count(*) as n').results)).toEqual([{ c: '0', n: '5' }]);
    expect(() => parseInsightsQuery('fields nope(latency) as x')).toThrow(/Unknown function/);
    expect(() => parseInsightsQuery('fields floor(1, 2) as x')).toThrow(/takes 1 arguments/);
  });
});
