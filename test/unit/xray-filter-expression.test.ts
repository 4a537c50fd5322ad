import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/emulator/emulator-types.ts';
import { matchesFilter, parseFilterExpression } from '../../src/emulator/xray-filter-expression.ts';
import type { FilterSubject } from '../../src/emulator/xray-filter-expression.ts';

function subject(overrides: Partial<FilterSubject> = {}): FilterSubject {
  return {
    fault: false,
    error: false,
    throttle: false,
    partial: false,
    responseTime: 0.25,
    duration: 0.4,
    http: { url: 'https://api.example.com/orders/42', method: 'GET', status: 200, userAgent: 'curl/8', clientIp: '10.0.0.1' },
    users: ['alice'],
    annotations: new Map<string, Array<string | number | boolean>>([
      ['tenant', ['acme']],
      ['retries', [3]],
      ['cached', [true]],
      ['quote', ['a"b']],
    ]),
    services: [],
    edges: [],
    ...overrides,
  };
}

const node = (name: string, type: string | undefined, overrides: Partial<FilterSubject> = {}) => ({
  name,
  type,
  subject: subject(overrides),
});

const trace = subject({
  fault: true,
  responseTime: 1.5,
  duration: 2.25,
  http: { url: 'https://api.example.com/checkout?x=1', method: 'POST', status: 502 },
  services: [
    node('payments-api', 'AWS::ECS::Container', { fault: true, responseTime: 1.5 }),
    node('DynamoDB', 'AWS::DynamoDB::Table', { throttle: true, responseTime: 0.05 }),
    node('ledger', undefined, { error: true }),
  ],
  edges: [
    { from: 'payments-api', to: 'DynamoDB', subject: subject({ throttle: true }) },
    { from: 'payments-api', to: 'ledger', subject: subject({ error: true }) },
  ],
});

function matches(expression: string, on: FilterSubject = trace): boolean {
  return matchesFilter(parseFilterExpression(expression), on);
}

function parseError(expression: string): AwsError {
  try {
    parseFilterExpression(expression);
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error(`expected ${expression} to be rejected`);
}

describe('X-Ray filter expressions: keywords', () => {
  it('evaluates the boolean keywords on the whole trace', () => {
    expect(matches('fault')).toBe(true);
    expect(matches('error')).toBe(false);
    expect(matches('throttle')).toBe(false);
    expect(matches('ok')).toBe(false);
    expect(matches('ok', subject())).toBe(true);
    expect(matches('!fault')).toBe(false);
    expect(matches('!error')).toBe(true);
    expect(matches('partial')).toBe(false);
  });

  it('treats keywords and word operators case-insensitively', () => {
    expect(matches('FAULT and ResponseTime > 1')).toBe(true);
    expect(matches('http.URL contains "checkout"')).toBe(true);
    expect(matches('Service("payments-api")')).toBe(true);
  });

  it('compares responsetime, duration and http.status as numbers', () => {
    expect(matches('responsetime > 1')).toBe(true);
    expect(matches('responsetime > 1.5')).toBe(false);
    expect(matches('responsetime >= 1.5')).toBe(true);
    expect(matches('responsetime < 1.5')).toBe(false);
    expect(matches('responsetime <= 1.5')).toBe(true);
    expect(matches('duration = 2.25')).toBe(true);
    expect(matches('duration != 2.25')).toBe(false);
    expect(matches('http.status = 502')).toBe(true);
    expect(matches('http.status >= 500 AND http.status < 600')).toBe(true);
    expect(matches('responsetime > 1', subject({ responseTime: undefined }))).toBe(false);
  });

  it('matches http strings with =, !=, CONTAINS, BEGINSWITH, ENDSWITH', () => {
    expect(matches('http.url CONTAINS "/checkout"')).toBe(true);
    expect(matches('http.url BEGINSWITH "https://api."')).toBe(true);
    expect(matches('http.url ENDSWITH "x=1"')).toBe(true);
    expect(matches('http.url = "https://api.example.com/checkout?x=1"')).toBe(true);
    expect(matches('http.url CONTAINS "CHECKOUT"')).toBe(false);
    expect(matches('http.method = "POST"')).toBe(true);
    expect(matches('http.method != "POST"')).toBe(false);
    expect(matches('http.useragent = "curl/8"', subject())).toBe(true);
    expect(matches('http.clientip = "10.0.0.1"', subject())).toBe(true);
    expect(matches('user = "alice"')).toBe(true);
    expect(matches('groupname = "Default"')).toBe(true);
  });

  it('matches annotations of every type, in both spellings', () => {
    expect(matches('annotation.tenant = "acme"')).toBe(true);
    expect(matches('annotation.tenant = "other"')).toBe(false);
    expect(matches('annotation.tenant != "other"')).toBe(true);
    expect(matches('annotation[tenant] BEGINSWITH "ac"')).toBe(true);
    expect(matches('annotation.retries = 3')).toBe(true);
    expect(matches('annotation.retries > 2 AND annotation.retries < 4')).toBe(true);
    expect(matches('annotation.retries = "3"')).toBe(false);
    expect(matches('annotation.cached = true')).toBe(true);
    expect(matches('annotation.cached = false')).toBe(false);
    expect(matches('annotation.missing = "x"')).toBe(false);
  });

  it('reads string literals with backslash escapes', () => {
    expect(matches('annotation.quote = "a\\"b"')).toBe(true);
    const parsed = parseFilterExpression('http.url CONTAINS "a\\\\b"');
    expect(parsed).toEqual({ kind: 'string', field: 'http.url', operator: 'CONTAINS', value: 'a\\b' });
  });
});

describe('X-Ray filter expressions: combinators', () => {
  it('gives AND precedence over OR, honours parentheses and both operator spellings', () => {
    expect(matches('error OR fault AND throttle')).toBe(false);
    expect(matches('(error OR fault) AND responsetime > 1')).toBe(true);
    expect(matches('error || fault')).toBe(true);
    expect(matches('fault && !throttle')).toBe(true);
    expect(matches('!(fault OR error)')).toBe(false);
    expect(matches('!!fault')).toBe(true);
  });

  it('parses into the expected tree', () => {
    expect(parseFilterExpression('service("a") AND (fault OR responsetime > 2)')).toEqual({
      kind: 'and',
      left: { kind: 'service', selector: { name: 'a', type: undefined }, filter: undefined },
      right: {
        kind: 'or',
        left: { kind: 'keyword', keyword: 'fault' },
        right: { kind: 'number', field: 'responsetime', operator: '>', value: 2 },
      },
    });
  });
});

describe('X-Ray filter expressions: service() and edge()', () => {
  it('matches a service by name, by id(name, type), and with a sub-filter on that service only', () => {
    expect(matches('service("DynamoDB")')).toBe(true);
    expect(matches('service("orders")')).toBe(false);
    expect(matches('service(id(name: "DynamoDB", type: "AWS::DynamoDB::Table"))')).toBe(true);
    expect(matches('service(id(name: "DynamoDB", type: "AWS::Lambda::Function"))')).toBe(false);
    expect(matches('service("DynamoDB") { throttle }')).toBe(true);
    expect(matches('service("DynamoDB") { fault }')).toBe(false);
    expect(matches('service("payments-api") { fault AND responsetime > 1 }')).toBe(true);
    expect(matches('service() { error }')).toBe(true);
  });

  it('matches edges between two services, with an optional sub-filter', () => {
    expect(matches('edge("payments-api", "DynamoDB")')).toBe(true);
    expect(matches('edge("DynamoDB", "payments-api")')).toBe(false);
    expect(matches('edge("payments-api", "ledger") { error }')).toBe(true);
    expect(matches('edge("payments-api", "DynamoDB") { error }')).toBe(false);
    expect(matches('edge(id(name: "payments-api"), id(name: "ledger"))')).toBe(true);
  });
});

describe('X-Ray filter expressions: rejected input', () => {
  it.each([
    ['', 'empty'],
    ['fault AND', 'end of expression'],
    ['responsetime > "slow"', 'expects a number'],
    ['http.url CONTAINS 5', 'expects a string'],
    ['responsetime CONTAINS 5', 'cannot be used with number keyword'],
    ['http.url > "a"', 'cannot be used with string keyword'],
    ['annotation.flag > true', 'cannot compare'],
    ['bogus = 1', "Unknown keyword 'bogus'"],
    ['service("a"', "Expected ')'"],
    ['(fault', "Expected ')'"],
    ['fault)', "Unexpected ')'"],
    ['http.url = "open', 'Unterminated string'],
    ['fault # comment', "Unexpected character '#'"],
    ['service(5)', 'Expected a service name'],
    ["service('a')", "Unexpected character '''"],
  ])('rejects %j (%s) with InvalidRequestException', (expression, fragment) => {
    const error = parseError(expression);
    expect(error.code).toBe('InvalidRequestException');
    expect(error.status).toBe(400);
    expect(error.message).toContain(fragment);
  });

  it('rejects expressions over 2000 characters', () => {
    const error = parseError(`fault OR ${'error OR '.repeat(250)}throttle`);
    expect(error.code).toBe('InvalidRequestException');
    expect(error.message).toBe('FilterExpression must be at most 2000 characters long.');
  });
});
