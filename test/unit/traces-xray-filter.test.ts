// X-Ray filter expressions from TraceFilter: exact expressions for every filter, and a hostile
// corpus proving that no input changes the expression's structure (checked by parsing the result
// with the emulator's filter-expression parser: one clause whose literal is exactly the input).
import { describe, expect, it } from 'vitest';
import { parseFilterExpression, type FilterExpression } from '../../src/emulator/xray-filter-expression.ts';
import { InputError } from '../../src/aws/input-error.ts';
import { buildTraceFilterExpression, secondsLiteral, xrayStringLiteral } from '../../src/aws/xray-filter.ts';

describe('buildTraceFilterExpression: one clause per filter', () => {
  const cases: Array<[string, Parameters<typeof buildTraceFilterExpression>[1], string]> = [
    ['fault', { fault: true }, 'service("payments-api") AND fault'],
    ['no fault', { fault: false }, 'service("payments-api") AND !fault'],
    ['error', { error: true }, 'service("payments-api") AND error'],
    ['no error', { error: false }, 'service("payments-api") AND !error'],
    ['throttle', { throttle: true }, 'service("payments-api") AND throttle'],
    ['no throttle', { throttle: false }, 'service("payments-api") AND !throttle'],
    ['minDurationMs', { minDurationMs: 1500 }, 'service("payments-api") AND duration >= 1.5'],
    ['maxDurationMs', { maxDurationMs: 250 }, 'service("payments-api") AND duration <= 0.25'],
    ['sub-ms duration', { minDurationMs: 0.001 }, 'service("payments-api") AND duration >= 0.000001'],
    ['zero duration', { minDurationMs: 0 }, 'service("payments-api") AND duration >= 0'],
    ['httpStatus', { httpStatus: 503 }, 'service("payments-api") AND http.status = 503'],
    ['httpMethod (upper-cased)', { httpMethod: 'post' }, 'service("payments-api") AND http.method = "POST"'],
    ['urlContains', { urlContains: '/checkout' }, 'service("payments-api") AND http.url CONTAINS "/checkout"'],
    ['string annotation', { annotations: [{ key: 'tenant', value: 'acme' }] }, 'service("payments-api") AND annotation.tenant = "acme"'],
    ['number annotation', { annotations: [{ key: 'attempt', value: 2 }] }, 'service("payments-api") AND annotation.attempt = 2'],
    ['boolean annotation', { annotations: [{ key: 'retried', value: true }] }, 'service("payments-api") AND annotation.retried = true'],
    ['nulls are absent', { fault: null, error: null, minDurationMs: null, annotations: null }, 'service("payments-api")'],
  ];
  for (const [name, filter, expected] of cases) {
    it(name, () => {
      expect(buildTraceFilterExpression('payments-api', filter)).toBe(expected);
      // And X-Ray's grammar (as the emulator implements it) accepts it.
      expect(() => parseFilterExpression(expected)).not.toThrow();
    });
  }

  it('combines every filter with AND in a fixed order', () => {
    expect(
      buildTraceFilterExpression('checkout-web', {
        annotations: [
          { key: 'tenant', value: 'acme' },
          { key: 'attempt', value: 3 },
        ],
        urlContains: '/cart',
        httpMethod: 'GET',
        httpStatus: 500,
        maxDurationMs: 5000,
        minDurationMs: 1000,
        throttle: false,
        error: true,
        fault: true,
      }),
    ).toBe(
      'service("checkout-web") AND fault AND error AND !throttle AND duration >= 1 AND duration <= 5 AND http.status = 500 AND http.method = "GET" AND http.url CONTAINS "/cart" AND annotation.tenant = "acme" AND annotation.attempt = 3',
    );
  });

  it('scopes fault/error/throttle to the service\'s own segments with flagScope "service"', () => {
    expect(buildTraceFilterExpression('payments-api', { fault: true, flagScope: 'service' })).toBe('service("payments-api") { fault }');
    expect(buildTraceFilterExpression('payments-api', { fault: true, error: false, httpStatus: 502, flagScope: 'service' })).toBe(
      'service("payments-api") { fault AND !error } AND http.status = 502',
    );
    expect(buildTraceFilterExpression('payments-api', { fault: true, flagScope: 'trace' })).toBe('service("payments-api") AND fault');
    expect(buildTraceFilterExpression('payments-api', { flagScope: 'service' })).toBe('service("payments-api")');
    expect(() => buildTraceFilterExpression(undefined, { fault: true, flagScope: 'service' })).toThrow(InputError);
    // The emulator (X-Ray's grammar) reads the scoped form as one service clause with a sub-filter.
    expect(() => parseFilterExpression('service("payments-api") { fault AND !error } AND http.status = 502')).not.toThrow();
  });

  it('without a service and without a filter there is no expression', () => {
    expect(buildTraceFilterExpression(undefined, undefined)).toBeUndefined();
    expect(buildTraceFilterExpression(undefined, {})).toBeUndefined();
    expect(buildTraceFilterExpression(undefined, { fault: true })).toBe('fault');
  });

  it('writes seconds in plain decimal notation', () => {
    expect(secondsLiteral(1, 'd')).toBe('0.001');
    expect(secondsLiteral(1234.5678, 'd')).toBe('1.234568');
    expect(secondsLiteral(60_000, 'd')).toBe('60');
    expect(secondsLiteral(0.0001, 'd')).toBe('0');
  });
});

/** The one string literal of `expression` (service name or a filter value), by walking its AST. */
function onlyLiteral(expression: FilterExpression): { clause: string; value: unknown } {
  switch (expression.kind) {
    case 'service':
      return { clause: 'service', value: expression.selector.name };
    case 'string':
      return { clause: `${expression.field} ${expression.operator}`, value: expression.value };
    case 'annotation':
      return { clause: `annotation.${expression.key} ${expression.operator}`, value: expression.value };
    default:
      return { clause: expression.kind, value: undefined };
  }
}

/** The AND-ed clauses of a parsed expression, left to right; any OR / NOT at the top fails. */
function clauses(expression: FilterExpression): FilterExpression[] {
  return expression.kind === 'and' ? [...clauses(expression.left), ...clauses(expression.right)] : [expression];
}

const HOSTILE = [
  'x") OR service("other',
  '" OR fault OR "',
  'a" AND !fault AND http.url CONTAINS "',
  '\\" OR 1=1 --',
  'trailing backslash\\',
  '\\\\"',
  '\\',
  '"',
  '""',
  ') OR (',
  '} OR service("x") {',
  "'single' quotes",
  '/* comment */ -- comment # comment',
  'annotation.tenant = "acme"',
  'ünïcødé ☃ 𝄞 \u202e',
  '%22 OR %5C',
  '${jndi:ldap://x}',
  'x'.repeat(500),
];

describe('hostile corpus: every string stays one literal', () => {
  for (const input of HOSTILE) {
    it(`urlContains ${JSON.stringify(input).slice(0, 60)}`, () => {
      const expression = buildTraceFilterExpression('payments-api', { urlContains: input })!;
      const parsed = clauses(parseFilterExpression(expression));
      expect(parsed.map(onlyLiteral)).toEqual([
        { clause: 'service', value: 'payments-api' },
        { clause: 'http.url CONTAINS', value: input },
      ]);
    });

    it(`service name ${JSON.stringify(input).slice(0, 60)}`, () => {
      const expression = buildTraceFilterExpression(input, { fault: true })!;
      const parsed = clauses(parseFilterExpression(expression));
      expect(parsed.map(onlyLiteral)).toEqual([{ clause: 'service', value: input }, { clause: 'keyword', value: undefined }]);
    });

    it(`annotation value ${JSON.stringify(input).slice(0, 60)}`, () => {
      const expression = buildTraceFilterExpression(undefined, { annotations: [{ key: 'tenant', value: input }] })!;
      expect(clauses(parseFilterExpression(expression)).map(onlyLiteral)).toEqual([{ clause: 'annotation.tenant =', value: input }]);
    });
  }

  it('escapes exactly backslash and double quote', () => {
    expect(xrayStringLiteral('x") OR service("other')).toBe('"x\\") OR service(\\"other"');
    expect(xrayStringLiteral('a\\b')).toBe('"a\\\\b"');
    expect(xrayStringLiteral('\\"')).toBe('"\\\\\\""');
    expect(buildTraceFilterExpression('payments-api', { urlContains: '" OR fault OR "' })).toBe(
      'service("payments-api") AND http.url CONTAINS "\\" OR fault OR \\""',
    );
    expect(buildTraceFilterExpression('pay"ments', undefined)).toBe('service("pay\\"ments")');
  });

  const rejected: Array<[string, Parameters<typeof buildTraceFilterExpression>[1], string]> = [
    ['line break in a URL', { urlContains: 'a\n) OR fault' }, 'filter.urlContains'],
    ['NUL in a URL', { urlContains: 'a\u0000b' }, 'filter.urlContains'],
    ['tab in an annotation value', { annotations: [{ key: 'k', value: 'a\tb' }] }, 'filter.annotations[0].value'],
    ['empty URL', { urlContains: '' }, 'filter.urlContains'],
    ['annotation key with a dot', { annotations: [{ key: 'a.b', value: 'x' }] }, 'filter.annotations[0].key'],
    ['annotation key with a space', { annotations: [{ key: 'a = "x" OR fault', value: 'x' }] }, 'filter.annotations[0].key'],
    ['annotation key with a quote', { annotations: [{ key: 'a"', value: 'x' }] }, 'filter.annotations[0].key'],
    ['annotation key with a bracket', { annotations: [{ key: 'a]', value: 'x' }] }, 'filter.annotations[0].key'],
    ['empty annotation key', { annotations: [{ key: '', value: 'x' }] }, 'filter.annotations[0].key'],
    ['object annotation value', { annotations: [{ key: 'k', value: { a: 1 } }] }, 'filter.annotations[0].value'],
    ['null annotation value', { annotations: [{ key: 'k', value: null }] }, 'filter.annotations[0].value'],
    ['infinite annotation value', { annotations: [{ key: 'k', value: Infinity }] }, 'filter.annotations[0].value'],
    ['method with a quote', { httpMethod: 'GET" OR fault OR "' }, 'filter.httpMethod'],
    ['method with a space', { httpMethod: 'GE T' }, 'filter.httpMethod'],
    ['empty method', { httpMethod: '' }, 'filter.httpMethod'],
    ['NaN duration', { minDurationMs: NaN }, 'filter.minDurationMs'],
    ['infinite duration', { maxDurationMs: Infinity }, 'filter.maxDurationMs'],
    ['negative duration', { minDurationMs: -1 }, 'filter.minDurationMs'],
    ['min above max', { minDurationMs: 2000, maxDurationMs: 1000 }, 'filter.minDurationMs'],
    ['status below 100', { httpStatus: 99 }, 'filter.httpStatus'],
    ['status above 599', { httpStatus: 600 }, 'filter.httpStatus'],
    ['fractional status', { httpStatus: 200.5 }, 'filter.httpStatus'],
    ['expression too long', { urlContains: 'x'.repeat(2000) }, 'filter'],
  ];
  for (const [name, filter, field] of rejected) {
    it(`rejects ${name}`, () => {
      let caught: unknown;
      try {
        buildTraceFilterExpression('payments-api', filter);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InputError);
      expect((caught as InputError).field).toBe(field);
    });
  }

  it('rejects an empty or control-character service name', () => {
    expect(() => buildTraceFilterExpression('', undefined)).toThrow(InputError);
    expect(() => buildTraceFilterExpression('a\nb', undefined)).toThrow(InputError);
  });
});
