// Service.logs, logVolume and Query.logGroups through GraphQL against the embedded emulator's demo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCE_TYPE_REGISTRY } from '../../src/config/resource-types.ts';
import { DEMO_SERVICES } from '../../src/emulator/demo-organisation.ts';
import { createTestGateway, type TestGateway } from '../support/test-gateway.ts';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await createTestGateway({ toml: '[profiles.demo]\nbackend = "local"\n' });
});
afterAll(async () => {
  await gateway?.close();
});

const TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;

describe('Service.logs against the demo', () => {
  it('returns the error lines of payments-api with trace ids and bytes scanned', async () => {
    const response = await gateway.execute(`{
      service(name: "payments-api") {
        logs(range: { last: "1h" }, filter: { contains: "ERROR" }) {
          events { timestamp message logStream logGroup level traceId ptr }
          truncated status logGroups queryString
          statistics { bytesScanned recordsScanned recordsMatched }
        }
      }
    }`);
    expect(response.errors).toBeUndefined();
    const logs = response.data!.service.logs;
    // One line more than the limit (100): a later refresh of this relative window merges exactly.
    expect(logs.queryString).toBe(
      'fields @timestamp, @message, @logStream, @log | filter @logStream like /(^|\\/)payments-api(\\/|$)/ | filter @message like "ERROR" | sort @timestamp desc | limit 101',
    );
    expect(logs.events.length).toBeLessThanOrEqual(100);
    expect(logs.status).toBe('COMPLETE');
    expect(logs.events.length).toBeGreaterThan(0);
    expect(logs.statistics.bytesScanned).toBeGreaterThan(0);
    expect(logs.statistics.recordsScanned).toBeGreaterThan(0);
    for (const event of logs.events) {
      expect(event.message).toContain('ERROR');
      expect(event.logStream).toMatch(/payments-api/);
      expect(event.logGroup).toBe('/ecs/payments-api');
      expect(event.level).toBe('ERROR');
      expect(event.ptr).toEqual(expect.any(String));
    }
    const withTrace = logs.events.filter((event: { traceId: string | null }) => event.traceId !== null);
    expect(withTrace.length).toBeGreaterThan(0);
    for (const event of withTrace) {
      expect(event.traceId).toMatch(TRACE_ID);
      expect(event.message).toContain(`traceId=${event.traceId}`);
    }
    const times = logs.events.map((event: { timestamp: string }) => Date.parse(event.timestamp));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(response.extensions?.cost?.logsBytesScanned).toBe(logs.statistics.bytesScanned);
    expect(response.extensions?.cost?.calls['logs:StartQuery']).toEqual({ calls: 1, attempts: 1 });
  });

  it('does not search the region for an ALB without log groups (ALB access logs go to S3)', async () => {
    const response = await gateway.execute('{ service(name: "public-alb") { resourceType logs { events { message } logGroups status } logVolume(bucket: "30m") { count } } }');
    expect(response.errors).toBeUndefined();
    const { logVolume, ...rest } = response.data!.service;
    expect(rest).toEqual({ resourceType: 'ALB', logs: { events: [], logGroups: [], status: 'COMPLETE' } });
    // One hour in 30-minute buckets: 2, or 3 when the hour does not start on a bucket boundary.
    expect(logVolume.length).toBeGreaterThanOrEqual(2);
    expect(logVolume.length).toBeLessThanOrEqual(3);
    expect(logVolume.every((bucket: { count: number }) => bucket.count === 0)).toBe(true);
    expect(response.extensions?.cost?.calls).toEqual({});
  });

  it('runs hostile input as literals that match nothing, without a query error', async () => {
    const response = await gateway.execute(
      `query ($name: String!, $filter: LogFilter) { service(name: $name, adhoc: {}) { configured logs(filter: $filter) { events { message } queryString status } } }`,
      { name: 'x" | filter 1=1 #', filter: { contains: 'ERROR" | limit 1 #\n', matches: '/ | stats count\\(\\*\\) as n by @log', exclude: '\\"' } },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.service.configured).toBe(false);
    expect(response.data!.service.logs).toEqual({
      events: [],
      status: 'COMPLETE',
      queryString:
        'fields @timestamp, @message, @logStream, @log | filter @logStream like /(^|\\/)x\\x22 \\| filter 1=1 \\x23(\\/|$)/ | filter @message like "ERROR\\" | limit 1 #\\n" | filter @message like /\\/ | stats count\\(\\*\\) as n by @log/ | filter @message not like "\\\\\\"" | sort @timestamp desc | limit 101',
    });
  });

  it('runs identical queries of one request once', async () => {
    const response = await gateway.execute(`{
      a: service(name: "orders-service") { logs(range: { last: "30m" }, filter: { levels: [WARN, ERROR] }, limit: 5) { events { message } } }
      b: service(name: "orders-service") { logs(range: { last: "30m" }, filter: { levels: [WARN, ERROR] }, limit: 5) { events { message } } }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data!.a.logs).toEqual(response.data!.b.logs);
    expect(response.extensions?.cost?.calls['logs:StartQuery']?.calls).toBe(1);
  });

  it('rejects a limit outside 1..10,000 and a bad regex with BAD_USER_INPUT, nulling only that field', async () => {
    const response = await gateway.execute(`{
      service(name: "payments-api") {
        name
        big: logs(limit: 10001) { truncated }
        bad: logs(filter: { matches: "(?<=x)y" }) { truncated }
      }
    }`);
    expect(response.data!.service).toEqual({ name: 'payments-api', big: null, bad: null });
    const codes = response.errors!.map((error) => [error.path?.join('.'), error.extensions?.code]);
    expect(codes.sort()).toEqual([
      ['service.bad', 'BAD_USER_INPUT'],
      ['service.big', 'BAD_USER_INPUT'],
    ]);
    expect(response.extensions?.cost?.calls['logs:StartQuery']).toBeUndefined();
  });

  it('counts log volume per bucket with empty buckets as zero', async () => {
    const response = await gateway.execute(`{
      service(name: "payments-api") {
        all: logVolume(range: { last: "1h" }, bucket: "5m") { start count }
        errors: logVolume(range: { last: "1h" }, filter: { contains: "ERROR" }) { start count }
        bad: logVolume(bucket: "5 minutes") { count }
      }
    }`);
    const { all, errors, bad } = response.data!.service;
    expect(bad).toBeNull();
    expect(response.errors!.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(all.length).toBeGreaterThanOrEqual(12);
    expect(all.length).toBeLessThanOrEqual(13);
    for (let i = 1; i < all.length; i++) expect(Date.parse(all[i].start) - Date.parse(all[i - 1].start)).toBe(300_000);
    expect(all.reduce((sum: number, bucket: { count: number }) => sum + bucket.count, 0)).toBeGreaterThan(0);
    // default bucket for 1 h: 30 s (120 buckets)
    for (let i = 1; i < errors.length; i++) expect(Date.parse(errors[i].start) - Date.parse(errors[i - 1].start)).toBe(30_000);
    expect(errors.reduce((sum: number, bucket: { count: number }) => sum + bucket.count, 0)).toBeGreaterThan(0);
  });

  it('lists log groups by prefix', async () => {
    const response = await gateway.execute(`{
      ecs: logGroups(prefix: "/ecs/") { name arn storedBytes retentionInDays creationTime }
      all: logGroups { name }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data!.ecs.map((group: { name: string }) => group.name)).toEqual([
      '/ecs/checkout-web',
      '/ecs/inventory-service',
      '/ecs/orders-service',
      '/ecs/payments-api',
    ]);
    expect(response.data!.ecs[0].arn).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/ecs/checkout-web');
    // The demo's 7 log groups and Transaction Search's aws/spans (the local backend writes the demo's traces there too).
    expect(response.data!.all.map((group: { name: string }) => group.name)).toHaveLength(8);
    expect(response.data!.all.map((group: { name: string }) => group.name)).toContain('aws/spans');
  });
});

describe('Service.logs of a profile that reads its prefix with SOURCE (log_group_source = "source")', () => {
  let source: TestGateway;
  beforeAll(async () => {
    source = await createTestGateway({ toml: '[profiles.demo]\nbackend = "local"\nlog_group_prefix = "/"\nlog_group_source = "source"\n' });
  });
  afterAll(async () => {
    await source?.close();
  });

  // Every demo service of a type whose logs are only where named, and that names no log groups.
  const namedOnly = DEMO_SERVICES.filter((service) => RESOURCE_TYPE_REGISTRY[service.resource_type].logs === 'named-only' && service.log_groups === undefined);

  it('does not search the prefix for a service of a type whose logs are only where named (an API Gateway, an ALB) that names none', async () => {
    expect(namedOnly.map((service) => [service.name, service.resource_type])).toEqual([
      ['public-alb', 'alb'],
      ['partner-api', 'apigateway'],
    ]);
    for (const service of namedOnly) {
      const response = await source.execute('query ($name: String!) { service(name: $name) { logs { events { message } logGroups status } logVolume(bucket: "30m") { count } } }', { name: service.name });
      expect(response.errors).toBeUndefined();
      const { logs, logVolume } = response.data!.service;
      expect(logs, service.name).toEqual({ events: [], logGroups: [], status: 'COMPLETE' });
      expect(logVolume.every((bucket: { count: number }) => bucket.count === 0)).toBe(true);
      expect(response.extensions?.cost?.calls, service.name).toEqual({});
    }
  });

  it('searches the prefix with SOURCE for a service found by its streams', async () => {
    const response = await source.execute('{ service(name: "payments-api") { logs(filter: { contains: "ERROR" }) { events { logGroup } queryString status } } }');
    expect(response.errors).toBeUndefined();
    const { logs } = response.data!.service;
    expect(logs.queryString).toMatch(/^SOURCE logGroups\(namePrefix: \["\/"\]/);
    expect(logs.events.length).toBeGreaterThan(0);
    expect(new Set(logs.events.map((event: { logGroup: string }) => event.logGroup))).toEqual(new Set(['/ecs/payments-api']));
    expect(response.extensions?.cost?.calls['logs:StartQuery']).toEqual({ calls: 1, attempts: 1 });
    expect(response.extensions?.cost?.calls['logs:DescribeLogGroups']).toBeUndefined();
  });
});
