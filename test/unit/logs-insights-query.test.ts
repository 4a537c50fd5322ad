// Query building: the exact Logs Insights text per filter, and a hostile corpus that must stay a
// literal (checked against exact strings and by parsing the query with the emulator's parser).
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/aws/input-error.ts';
import {
  buildEventsQuery,
  buildTraceLogsQuery,
  buildVolumeQuery,
  quoteLiteral,
  regexLiteral,
  serviceLogSource,
  type LogFilter,
} from '../../src/aws/logs-insights-query.ts';
import type { LinearRegex } from '../../src/aws/linear-regex.ts';
import { parseInsightsQuery, type Expr } from '../../src/emulator/logs-insights-parser.ts';

const HEAD = 'fields @timestamp, @message, @logStream, @log';
const TAIL = 'sort @timestamp desc | limit 100';
/** `stream` null: a service with its own log groups (no @logStream filter). */
const events = (filter: LogFilter | null, stream: string | null = 'payments-api') => buildEventsQuery({ streamPattern: stream ?? undefined, filter, limit: 100 });

describe('buildEventsQuery', () => {
  it('has the seed shape for a service without a filter', () => {
    expect(events(null)).toBe(`${HEAD} | filter @logStream like /payments-api/ | ${TAIL}`);
  });

  it('writes each filter part as its own stage, in a fixed order', () => {
    expect(events({ contains: 'ERROR' })).toBe(`${HEAD} | filter @logStream like /payments-api/ | filter @message like "ERROR" | ${TAIL}`);
    expect(events({ matches: 'timeout after \\d+ms' })).toBe(`${HEAD} | filter @logStream like /payments-api/ | filter @message like /timeout after \\d+ms/ | ${TAIL}`);
    expect(events({ exclude: 'healthcheck' })).toBe(`${HEAD} | filter @logStream like /payments-api/ | filter @message not like "healthcheck" | ${TAIL}`);
    expect(events({ levels: ['WARN', 'ERROR', 'FATAL'] })).toBe(
      `${HEAD} | filter @logStream like /payments-api/ | filter @message like /\\b(?:WARN|WARNING|ERROR|FATAL|CRITICAL)\\b/ | ${TAIL}`,
    );
    expect(events({ levels: ['ERROR'], exclude: 'retry', matches: '(?i)ledger', contains: 'payments' })).toBe(
      `${HEAD} | filter @logStream like /payments-api/ | filter @message like "payments" | filter @message like /(?i)ledger/ | filter @message not like "retry" | filter @message like /\\b(?:ERROR)\\b/ | ${TAIL}`,
    );
    expect(events({ contains: null, matches: null, exclude: null, levels: [] })).toBe(`${HEAD} | filter @logStream like /payments-api/ | ${TAIL}`);
  });

  it('has no stream filter for a service with its own log groups', () => {
    expect(events({ contains: 'x' }, null)).toBe(`${HEAD} | filter @message like "x" | ${TAIL}`);
  });

  it('validates the limit', () => {
    expect(buildEventsQuery({ streamPattern: undefined, limit: 10_000 })).toBe(`${HEAD} | sort @timestamp desc | limit 10000`);
    for (const limit of [0, -1, 10_001, 1.5]) expect(() => buildEventsQuery({ streamPattern: undefined, limit })).toThrow(InputError);
  });

  it('refuses a query longer than 10,000 characters', () => {
    const long = 'x'.repeat(1_000);
    expect(() => events({ contains: long, exclude: long, matches: long })).not.toThrow();
    expect(() => events({ contains: 'x'.repeat(1_001) })).toThrow(/at most 1000 characters/);
  });
});

describe('serviceLogSource', () => {
  const service = (name: string, config: { log_groups?: string[]; log_stream_pattern?: string } = {}) => ({ name, config });
  it('filters the prefix by the service name, literally, as a whole segment of the stream name', () => {
    expect(serviceLogSource(service('payments-api'))).toEqual({ logGroups: undefined, streamPattern: '(^|/)payments-api(/|$)' });
    expect(serviceLogSource(service('api.v2'))).toEqual({ logGroups: undefined, streamPattern: '(^|/)api\\.v2(/|$)' });
    expect(events(null, serviceLogSource(service('api.v2')).streamPattern)).toBe(`${HEAD} | filter @logStream like /(^|\\/)api\\.v2(\\/|$)/ | ${TAIL}`);
    // `payments` never reads the streams of `payments-api` (another service, maybe another team's).
    const payments = new RegExp(serviceLogSource(service('payments')).streamPattern as string);
    expect(['ecs/payments/1a2b', 'payments', 'payments/x'].map((stream) => payments.test(stream))).toEqual([true, true, true]);
    expect(['ecs/payments-api/1a2b', 'ecs/my-payments/1', 'paymentsx/1'].map((stream) => payments.test(stream))).toEqual([false, false, false]);
  });
  it('keeps a hostile ad-hoc service name a literal', () => {
    const name = 'evil" | filter 1=1 # /x/\n(.*)';
    const source = serviceLogSource(service(name));
    const query = events(null, source.streamPattern as string);
    expect(query).toBe(`${HEAD} | filter @logStream like /(^|\\/)evil\\x22 \\| filter 1=1 \\x23 \\/x\\/\\n\\(\\.\\*\\)(\\/|$)/ | ${TAIL}`);
    const stages = parseInsightsQuery(query).stages;
    expect(stages.map((stage) => stage.kind)).toEqual(['fields', 'filter', 'sort', 'limit']);
    const regex = likeOf((stages[1] as { expr: Expr }).expr) as LinearRegex;
    expect(regex.test(`ecs/${name}/1`)).toBe(true);
    expect(regex.test('ecs/evil" | filter 1=1 # /x/\nabc/1')).toBe(false);
  });

  it('uses the configured log groups and stream pattern', () => {
    expect(serviceLogSource(service('thumbnailer', { log_groups: ['/aws/lambda/thumbnailer'] }))).toEqual({ logGroups: ['/aws/lambda/thumbnailer'], streamPattern: undefined });
    expect(serviceLogSource(service('web', { log_stream_pattern: '^web/(blue|green)/' }))).toEqual({ logGroups: undefined, streamPattern: '^web/(blue|green)/' });
    expect(events(null, '^web/(blue|green)/')).toBe(`${HEAD} | filter @logStream like /^web\\/(blue|green)\\// | ${TAIL}`);
    expect(() => serviceLogSource(service('web', { log_stream_pattern: '(?<=x)' }))).toThrow(/log_stream_pattern of web: lookbehind/);
  });
});

// [input, contains stage, matches stage (null: refused as a regex), the regex matches the input itself]
const HOSTILE: Array<[string, string, string | null, boolean]> = [
  ['say "hi"', 'filter @message like "say \\"hi\\""', 'filter @message like /say \\x22hi\\x22/', true],
  ["it's", 'filter @message like "it\'s"', 'filter @message like /it\\x27s/', true],
  ['a/b', 'filter @message like "a/b"', 'filter @message like /a\\/b/', true],
  ['C:\\temp\\new', 'filter @message like "C:\\\\temp\\\\new"', 'filter @message like /C:\\temp\\new/', false],
  ['x | limit 1', 'filter @message like "x | limit 1"', 'filter @message like /x | limit 1/', true],
  ['line1\nline2\r\n', 'filter @message like "line1\\nline2\\r\\n"', 'filter @message like /line1\\nline2\\r\\n/', true],
  ['tab\there', 'filter @message like "tab\\there"', 'filter @message like /tab\\there/', true],
  ['# not a comment', 'filter @message like "# not a comment"', 'filter @message like /\\x23 not a comment/', true],
  ['x" | filter 1=1 #', 'filter @message like "x\\" | filter 1=1 #"', 'filter @message like /x\\x22 | filter 1=1 \\x23/', true],
  ['x/ | stats count(*) by @log #', 'filter @message like "x/ | stats count(*) by @log #"', null, false],
  ['`@message`', 'filter @message like "`@message`"', 'filter @message like /\\x60@message\\x60/', true],
  ['naïve ☃ 日本語 😀', 'filter @message like "naïve ☃ 日本語 😀"', 'filter @message like /naïve ☃ 日本語 😀/', true],
  ['\\"', 'filter @message like "\\\\\\""', 'filter @message like /\\x22/', true],
];

/** The `like` expression of a stage, as the emulator's Logs Insights parser reads it. */
function likeOf(expr: Expr): LinearRegex | string {
  const like = expr.kind === 'not' ? expr.operand : expr;
  if (like.kind !== 'like') throw new Error(`not a like: ${like.kind}`);
  return like.pattern;
}

describe('hostile input', () => {
  it.each(HOSTILE)('%j stays one literal', (input, containsStage, matchesStage, matchesItself) => {
    const contains = events({ contains: input }, null);
    expect(contains).toBe(`${HEAD} | ${containsStage} | ${TAIL}`);
    const parsedContains = parseInsightsQuery(contains).stages;
    expect(parsedContains.map((stage) => stage.kind)).toEqual(['fields', 'filter', 'sort', 'limit']);
    expect(likeOf((parsedContains[1] as { expr: Expr }).expr)).toBe(input);

    expect(events({ exclude: input }, null)).toBe(`${HEAD} | ${containsStage.replace(' like ', ' not like ')} | ${TAIL}`);

    if (matchesStage === null) {
      expect(() => events({ matches: input }, null)).toThrow(InputError);
      return;
    }
    const matches = events({ matches: input }, null);
    expect(matches).toBe(`${HEAD} | ${matchesStage} | ${TAIL}`);
    const parsedMatches = parseInsightsQuery(matches).stages;
    expect(parsedMatches.map((stage) => stage.kind)).toEqual(['fields', 'filter', 'sort', 'limit']);
    // Where the input has no regex escapes of its own, the regex finds the input itself.
    const regex = likeOf((parsedMatches[1] as { expr: Expr }).expr) as LinearRegex;
    expect(regex.test(`>>${input}<<`)).toBe(matchesItself);
  });

  it('keeps a user regex meaning what it meant', () => {
    expect(regexLiteral('\\d{3}-\\d{4}')).toBe('/\\d{3}-\\d{4}/');
    expect(regexLiteral('[#/"]+')).toBe('/[\\x23\\/\\x22]+/');
    expect(regexLiteral('a\\/b')).toBe('/a\\/b/');
    expect(regexLiteral('a\\#b')).toBe('/a\\x23b/');
    expect(regexLiteral('bell\u0007')).toBe('/bell\\x07/');
    expect(regexLiteral('(?i)timeout|refused')).toBe('/(?i)timeout|refused/');
    const parsed = parseInsightsQuery(`filter @message like ${regexLiteral('[#/"]+ (?:a|b)$')}`).stages[0] as { expr: Expr };
    const regex = likeOf(parsed.expr) as LinearRegex;
    expect(regex.test('x #/"" b')).toBe(true);
    expect(regex.test('x  b')).toBe(false);
  });

  it('keeps valid regexes encoded (asked again: the same literal), never an invalid one (each ask names its own argument)', () => {
    expect(regexLiteral('svc-(a|b)/1', 'first')).toBe(regexLiteral('svc-(a|b)/1', 'second'));
    expect(() => regexLiteral('(a', 'filter.matches')).toThrow(expect.objectContaining({ field: 'filter.matches' }));
    expect(() => regexLiteral('(a', 'log_stream_pattern')).toThrow(expect.objectContaining({ field: 'log_stream_pattern' }));
  });

  it.each([
    ['(?<=a)b', /lookbehind/],
    ['(?<!a)b', /lookbehind/],
    ['a(?=b)', /lookahead/],
    ['a(?!b)', /lookahead/],
    ['(?>a)', /atomic/],
    ['(a)\\1', /backreferences/],
    ['(?<n>a)\\k<n>', /backreferences/],
    ['\\Qa.b\\E', /\\Q/],
    ['\\p{L}+', /Unicode property/],
    ['(?s)a.b', /inline flags/],
    ['(a', /not a valid regular expression/],
    ['a\\', /not a valid regular expression/],
    ['[a', /not a valid regular expression/],
    ['', /must not be empty/],
    ['(?i)', /empty/],
    ['a\u2028b', /line separators/],
  ])('rejects the regex %j', (source, message) => {
    expect(() => events({ matches: source }, null)).toThrow(message);
    expect(() => events({ matches: source }, null)).toThrow(InputError);
  });

  it('rejects literals a string literal cannot hold', () => {
    expect(() => quoteLiteral('bell\u0007', 'filter.contains')).toThrow('filter.contains: must not contain the control character U+0007');
    expect(() => quoteLiteral('nul\u0000')).toThrow(/U\+0000/);
    expect(() => quoteLiteral('a\u2029b')).toThrow(/line separators/);
    expect(() => quoteLiteral('')).toThrow(/must not be empty/);
  });
});

describe('buildVolumeQuery and buildTraceLogsQuery', () => {
  it('counts by bin', () => {
    expect(buildVolumeQuery({ streamPattern: 'payments-api', filter: { contains: 'ERROR' }, bucketMs: 300_000 })).toBe(
      'filter @logStream like /payments-api/ | filter @message like "ERROR" | stats count(*) as events by bin(5m)',
    );
    expect(buildVolumeQuery({ streamPattern: undefined, bucketMs: 30_000 })).toBe('stats count(*) as events by bin(30s)');
    expect(buildVolumeQuery({ streamPattern: undefined, bucketMs: 3_600_000 })).toBe('stats count(*) as events by bin(1h)');
  });

  it('searches one validated trace id', () => {
    expect(buildTraceLogsQuery({ traceId: '1-67a1b2c3-0123456789abcdef01234567', limit: 50 })).toBe(
      `${HEAD} | filter @message like "1-67a1b2c3-0123456789abcdef01234567" or @message like "67a1b2c30123456789abcdef01234567" | sort @timestamp desc | limit 50`,
    );
    expect(() => buildTraceLogsQuery({ traceId: '1-67a1b2c3-0123" | limit 1', limit: 50 })).toThrow(InputError);
  });
});
