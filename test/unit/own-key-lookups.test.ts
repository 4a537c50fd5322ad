// Look-ups by keys that come from outside (JWT claims, GraphQL arguments and variables, log lines,
// span records, the environment) use own keys only: a key that names a built-in property of every
// object (`constructor`, `__proto__`, `toString`, ...) finds nothing, and one in the data stays data.
import { Kind, type GraphQLScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { grantsOfClaimValues } from '../../src/config/caller-scope.ts';
import { type ConfigError, loadConfig } from '../../src/config/load-config.ts';
import { logEventFromRow } from '../../src/aws/log-event.ts';
import { logLineMatcher } from '../../src/aws/log-tail.ts';
import { filterStages, type LogLevelName } from '../../src/aws/logs-insights-query.ts';
import { FALLBACK_STAT, metricDefaults } from '../../src/aws/metric-definitions.ts';
import { parseSpanRecord } from '../../src/aws/span-records.ts';
import { buildSchema } from '../../src/schema/index.ts';
import { jwtCaller } from '../../src/server/use-bearer-auth.ts';
import { configFromToml } from '../support/test-gateway.ts';

/** Every property every plain object has: constructor, __proto__, toString, hasOwnProperty, valueOf, ... */
const BUILT_IN_NAMES = Object.getOwnPropertyNames(Object.prototype);

const JWT_TOML = `[server]
host = "0.0.0.0"
auth = "jwt"
[server.jwt]
jwks_url = "http://127.0.0.1:9/jwks.json"
issuer = "https://idp.example.com/"
audience = "tinkr-gateway"
scope_claim = "groups"
[server.jwt.scopes.payments-team]
profiles = ["demo"]
services = ["payments-*"]
[profiles.demo]
backend = "local"
`;

describe('JWT scope claims', () => {
  const jwt = configFromToml(JWT_TOML).server.jwt!;
  const callerOf = (groups: unknown) => jwtCaller({ sub: 'mallory', groups }, { nameClaim: jwt.name_claim, scopeClaim: jwt.scope_claim!, scopes: jwt.scopes });

  it('knows the built-in names it must refuse', () => {
    expect(BUILT_IN_NAMES).toEqual(expect.arrayContaining(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString']));
  });

  it.each(BUILT_IN_NAMES)('a claim value %j grants nothing, in an array or a space-separated string', (name) => {
    for (const groups of [[name], `${name}`, `unrelated ${name}`, [name, 'unrelated']]) {
      const caller = callerOf(groups);
      expect(caller.grants, JSON.stringify(groups)).toEqual([]);
      expect(caller.mayReadProfile('demo')).toBe(false);
      expect(caller.mayReadService('demo', 'payments-api')).toBe(false);
      expect(caller.mayExplore()).toBe(false);
    }
    // Beside a real scope it adds nothing to it.
    for (const groups of [[name, 'payments-team'], `${name} payments-team`]) {
      const caller = callerOf(groups);
      expect(caller.grants).toHaveLength(1);
      expect(caller.mayReadService('demo', 'payments-api')).toBe(true);
      expect(caller.mayReadService('demo', 'orders-service')).toBe(false);
      expect(caller.mayReadEveryService('demo')).toBe(false);
    }
  });

  it('reads neither the scope claim nor the name claim from the prototype', () => {
    const inherited = jwtCaller({ sub: 'mallory' }, { nameClaim: 'constructor', scopeClaim: 'toString', scopes: jwt.scopes });
    expect(inherited.name).toBe('jwt:(unnamed)');
    expect(inherited.grants).toEqual([]);
  });

  it('grants a scope configured under a built-in name (an own key) and nothing else', () => {
    const scopes = configFromToml(JWT_TOML.replace('[server.jwt.scopes.payments-team]', '[server.jwt.scopes.constructor]')).server.jwt!.scopes;
    expect(grantsOfClaimValues(['constructor'], scopes)).toHaveLength(1);
    expect(grantsOfClaimValues(['toString', 'valueOf', '__proto__'], scopes)).toEqual([]);
  });

  it('refuses a scope named "__proto__" in the config instead of dropping it', () => {
    let problems: string[] = [];
    try {
      configFromToml(JWT_TOML.replace('[server.jwt.scopes.payments-team]', '[server.jwt.scopes.__proto__]'));
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([expect.stringMatching(/server\.jwt\.scopes\.__proto__: a scope cannot be named "__proto__"$/)]);
  });
});

describe('names from GraphQL arguments', () => {
  it.each(BUILT_IN_NAMES)('a metric named %j gets the fallback statistic', (name) => {
    expect(metricDefaults('AWS/ECS', name)).toEqual({ stat: FALLBACK_STAT, unit: undefined });
  });

  it.each(BUILT_IN_NAMES)('a log level %j is refused in a query and in a tail', (name) => {
    const levels = [name as LogLevelName];
    expect(() => filterStages(undefined, { levels })).toThrow(/unknown level/);
    expect(() => logLineMatcher({ levels })).toThrow(/unknown level/);
  });

  it.each(BUILT_IN_NAMES)('a JSON literal\'s variable $%s that was not sent is undefined, not a built-in', (name) => {
    const json = buildSchema().getType('JSON') as GraphQLScalarType;
    const literal = { kind: Kind.OBJECT, fields: [{ kind: Kind.OBJECT_FIELD, name: { kind: Kind.NAME, value: 'v' }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } } }] } as const;
    expect(json.parseLiteral(literal as never, {})).toEqual({ v: undefined });
    expect(json.parseLiteral(literal as never, { [name]: 'sent' })).toEqual({ v: 'sent' });
  });
});

describe('keys from the data', () => {
  it('keeps a Logs Insights field named "__proto__" or "constructor" as a field', () => {
    const event = logEventFromRow([
      { field: '@timestamp', value: '2026-01-01 00:00:00.000' },
      { field: '@message', value: '{"msg":"x"}' },
      { field: '__proto__', value: 'a' },
      { field: 'constructor', value: 'b' },
    ]);
    expect(Object.getPrototypeOf(event.fields)).toBe(Object.prototype);
    expect(Object.entries(event.fields ?? {})).toEqual([
      ['__proto__', 'a'],
      ['constructor', 'b'],
    ]);
  });

  it('keeps span attributes named "__proto__" as attributes and reads annotations by own keys only', () => {
    const record = parseSpanRecord(
      '{"traceId":"6a1b2c3d4e5f60718293a4b5c6d7e8f9","spanId":"0123456789abcdef","startTimeUnixNano":1700000000000000000,"durationNano":1000000,"kind":"SERVER",' +
        '"attributes":{"__proto__":{"polluted":true},"tenant":"acme","aws.xray.annotations":["tenant","constructor","toString","__proto__"]}}',
    )!;
    expect(record.span.annotations).toEqual({ tenant: 'acme', ['__proto__']: { polluted: true } });
    expect(Object.getPrototypeOf(record.span.annotations)).toBe(Object.prototype);
    expect((record.span.annotations as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('names from the environment', () => {
  it.each(['constructor', 'toString', '__proto__'])('TINKR_PROFILE=%s is an unknown profile', (name) => {
    let problems: string[] = [];
    try {
      loadConfig({ env: { TINKR_PROFILE: name }, cwd: '/nonexistent-dir' });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([`TINKR_PROFILE: no profile "${name}"; profiles: demo, demo-otel`]);
  });
});
