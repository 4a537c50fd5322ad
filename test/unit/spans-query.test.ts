// Logs Insights queries over aws/spans: the exact text per TraceFilter option, the hostile corpus
// (parsed back with the emulator's Logs Insights parser: each user string is one literal, exactly
// the input, and the query keeps its stages), the batch query, and the service map query.
import { describe, expect, it } from 'vitest';
import { buildServiceMapQuery, buildSpanTraceListQuery, buildTraceSpansQuery, ENTRY_SPAN_CONDITION, FLAG_CONDITIONS, ROOT_SPAN_CONDITION, spanFilterConditions } from '../../src/aws/spans-query.ts';
import { compileLinearRegex } from '../../src/aws/linear-regex.ts';
import { THROTTLED_EXCEPTION_REGEX } from '../../src/aws/span-records.ts';
import { parseInsightsQuery, type Expr } from '../../src/emulator/logs-insights-parser.ts';

const SERVICE = '(attributes.aws.local.service = "payments-api" or resource.attributes.service.name = "payments-api")';

describe('spanFilterConditions', () => {
  it.each([
    [{ minDurationMs: 1500 }, ['durationNano >= 1500000000']],
    [{ maxDurationMs: 0.25 }, ['durationNano <= 250000']],
    [{ httpStatus: 503 }, ['(attributes.http.response.status_code = 503 or attributes.http.status_code = 503)']],
    [{ httpMethod: 'post' }, ['(attributes.http.request.method = "POST" or attributes.http.method = "POST")']],
    [{ urlContains: '/checkout' }, ['(attributes.url.full like "/checkout" or attributes.http.url like "/checkout" or attributes.url.path like "/checkout" or attributes.http.target like "/checkout" or attributes.http.route like "/checkout")']],
    [{ annotations: [{ key: 'tenant', value: 'acme' }, { key: 'attempt', value: 2 }, { key: 'retried', value: true }] }, ['attributes.tenant = "acme"', 'attributes.attempt = 2', 'attributes.retried = "true"']],
    [{ fault: true, flagScope: 'service' as const }, [FLAG_CONDITIONS.fault]],
    [{ error: false, throttle: true, flagScope: 'service' as const }, [`not ${FLAG_CONDITIONS.error}`, FLAG_CONDITIONS.throttle]],
  ])('%j', (filter, expected) => {
    expect(spanFilterConditions(filter)).toEqual({ conditions: expected, traceFlags: undefined });
  });

  it('leaves fault/error/throttle over the whole trace (flagScope TRACE, the default) to a second query', () => {
    expect(spanFilterConditions({ fault: true, error: false, minDurationMs: 1 })).toEqual({ conditions: ['durationNano >= 1000000'], traceFlags: { fault: true, error: false } });
    const list = buildSpanTraceListQuery('payments-api', { fault: true, throttle: false }, 5);
    expect(list.rowLimit).toBe(10_000);
    expect(list.traceFlags).toEqual({ fault: true, throttle: false });
    expect(list.queryString).toBe(`fields @timestamp, @message, traceId, startTimeUnixNano | filter ${SERVICE} and ${ENTRY_SPAN_CONDITION} | sort startTimeUnixNano desc | dedup traceId | limit 10000`);
    // X-Ray's trace flags: the root span's fault (and error), any span's throttle.
    expect(ROOT_SPAN_CONDITION).toBe('(not ispresent(parentSpanId) or parentSpanId = "")');
    expect(list.flagQuery).toBe(`fields @timestamp, @message, traceId | filter (${ROOT_SPAN_CONDITION} and ${FLAG_CONDITIONS.fault}) or ${FLAG_CONDITIONS.throttle} | limit 10000`);
    expect(parseInsightsQuery(list.flagQuery!).stages.map((stage) => stage.kind)).toEqual(['fields', 'filter', 'limit']);
    expect(buildSpanTraceListQuery('other', { fault: true }, 5).flagQuery).toBe(buildSpanTraceListQuery('payments-api', { fault: true }, 50).flagQuery);
  });

  it('finds a throttling exception of a remote call by the last component of its type, in any event of the record text', () => {
    expect(FLAG_CONDITIONS.throttle).toContain('kind in ["CLIENT", "PRODUCER"] and @message like /');
    const regex = compileLinearRegex(THROTTLED_EXCEPTION_REGEX, {});
    const text = (type: string, index = 0): string =>
      JSON.stringify({ kind: 'CLIENT', events: [...Array.from({ length: index }, () => ({ name: 'HTTP request failure', attributes: { 'http.response.status_code': 500 } })), { name: 'exception', attributes: { 'exception.type': type } }] });
    for (const type of ['ThrottlingException', 'botocore.errorfactory.ThrottlingException', 'software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException', 'com.amazonaws.AmazonServiceException$ThrottlingException', '*types.ThrottlingException', 'Aws\\Sqs\\Exception\\ThrottlingException', 'SlowDown']) {
      expect(regex.test(text(type)), type).toBe(true);
      expect(regex.test(text(type, 3)), `${type} after three other events`).toBe(true);
    }
    for (const type of ['NotThrottlingException', 'ThrottlingExceptionHandler', 'botocore.exceptions.ClientError']) expect(regex.test(text(type)), type).toBe(false);
    // Records written with spaces after the colons read the same.
    expect(regex.test('{"exception.type": "ThrottlingException"}')).toBe(true);
  });

  it.each([
    [{ httpMethod: 'GET POST' }, /HTTP method/],
    [{ httpStatus: 99 }, /status code/],
    [{ minDurationMs: -1 }, /between/],
    [{ minDurationMs: 5, maxDurationMs: 1 }, /greater/],
    [{ annotations: [{ key: 'a.b', value: 1 }] }, /letters, digits/],
    [{ annotations: [{ key: 'a', value: { x: 1 } }] }, /string, a number or a boolean/],
    [{ urlContains: 'bell\u0007' }, /filter.urlContains: must not contain the control character/],
  ])('rejects %j', (filter, message) => {
    expect(() => spanFilterConditions(filter)).toThrow(message);
  });
});

/** The string literals anywhere in a filter expression. */
function literals(expr: Expr): string[] {
  switch (expr.kind) {
    case 'and':
    case 'or':
    case 'compare':
    case 'arith':
      return [...literals(expr.left), ...literals(expr.right)];
    case 'not':
      return literals(expr.operand);
    case 'like':
      return typeof expr.pattern === 'string' ? [expr.pattern] : [];
    case 'string':
      return [expr.value];
    case 'in':
      return expr.values.flatMap((value) => (value.kind === 'string' ? [value.value] : []));
    default:
      return [];
  }
}

const HOSTILE = [
  'say "hi"',
  "it's",
  'a/b',
  'C:\\temp\\new',
  'x | limit 1',
  'line1\nline2\r\n',
  '# not a comment',
  'x" or attributes.aws.local.service = "orders-service',
  'x") | stats count(*) by @log #',
  '`@message`',
  '\\"',
  'naïve ☃ 日本語 😀',
];

describe('hostile input stays one literal', () => {
  it.each(HOSTILE)('%j in urlContains, annotations and the service name', (input) => {
    const query = buildSpanTraceListQuery(input, { urlContains: input, annotations: [{ key: 'k', value: input }] }, 20).queryString;
    const stages = parseInsightsQuery(query).stages;
    expect(stages.map((stage) => stage.kind)).toEqual(['fields', 'filter', 'sort', 'dedup', 'limit']);
    const found = literals((stages[1] as { expr: Expr }).expr);
    // service twice, url five times, the annotation once: each exactly the input.
    expect(found.filter((literal) => literal === input)).toHaveLength(8);
  });
});

describe('the queries', () => {
  it('lists a service\'s entry spans newest first, one per trace, one more than the limit', () => {
    expect(buildSpanTraceListQuery('payments-api', { minDurationMs: 1000 }, 20)).toEqual({
      queryString: `fields @timestamp, @message, traceId, startTimeUnixNano | filter ${SERVICE} and ${ENTRY_SPAN_CONDITION} and durationNano >= 1000000000 | sort startTimeUnixNano desc | dedup traceId | limit 21`,
      rowLimit: 21,
      traceFlags: undefined,
      flagQuery: undefined,
    });
  });

  it('lists several services\' traces in one query, one row per trace and service', () => {
    const list = buildSpanTraceListQuery(['checkout-web', 'payments-api'], { minDurationMs: 1 }, 5);
    expect(list.rowLimit).toBe(10_000);
    expect(list.queryString).toBe(
      `fields @timestamp, @message, traceId, startTimeUnixNano, coalesce(attributes.aws.local.service, resource.attributes.service.name) as entryService | filter (attributes.aws.local.service in ["checkout-web", "payments-api"] or resource.attributes.service.name in ["checkout-web", "payments-api"]) and ${ENTRY_SPAN_CONDITION} and durationNano >= 1000000 | sort startTimeUnixNano desc | dedup traceId, entryService | limit 10000`,
    );
    expect(parseInsightsQuery(buildSpanTraceListQuery(['a"b', 'c'], null, 5).queryString).stages.map((stage) => stage.kind)).toEqual(['fields', 'filter', 'sort', 'dedup', 'limit']);
  });

  it('reads the spans of many traces in one query, X-Ray and W3C ids alike', () => {
    expect(buildTraceSpansQuery(['1-6744b2f1-a3c94d5e8f0a1b2c3d4e5f60', '0123456789abcdef0123456789abcdef', '6744B2F1A3C94D5E8F0A1B2C3D4E5F60'])).toBe(
      'fields @timestamp, @message | filter traceId in ["6744b2f1a3c94d5e8f0a1b2c3d4e5f60", "0123456789abcdef0123456789abcdef"] | limit 10000',
    );
    expect(() => buildTraceSpansQuery(['1-6744b2f1-a3c9" or 1=1'])).toThrow(/not an X-Ray or W3C trace id/);
    expect(() => buildTraceSpansQuery([])).toThrow(RangeError);
  });

  it('builds a service map query the emulator parses, with every user string a literal', () => {
    const all = parseInsightsQuery(buildServiceMapQuery()).stages;
    expect(all.map((stage) => stage.kind)).toEqual(['filter', 'parse', 'fields', 'fields', 'fields', 'stats', 'limit']);
    // The code a throttling exception's type ends in, from any event of the record text.
    expect(all[1]).toMatchObject({ kind: 'parse', field: '@message', names: ['throttledCode'] });
    const parse = all[1] as { regex: { exec(text: string): (string | undefined)[] | null } };
    const code = (text: string): string | undefined => parse.regex.exec(text)?.[1];
    expect(code(JSON.stringify({ events: [{ name: 'HTTP request failure' }, { name: 'exception', attributes: { 'exception.type': 'botocore.errorfactory.ThrottlingException' } }] }))).toBe('ThrottlingException');
    expect(code('{"exception.type": "software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException"}')).toBe('ProvisionedThroughputExceededException');
    expect(code('{"exception.type":"NotThrottlingException"}')).toBeUndefined();
    const scoped = parseInsightsQuery(buildServiceMapQuery('x" or 1=1 #')).stages;
    expect(literals((scoped[0] as { expr: Expr }).expr).filter((literal) => literal === 'x" or 1=1 #')).toHaveLength(3);
  });
});
