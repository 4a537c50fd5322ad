// The logs loader against the emulator: the lines of a trace (for Trace.logs), failed and slow
// Logs Insights queries as the dashboard sees them, and the DescribeLogGroups cache.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { loadTraceLogs, profileOfLogEvent } from '../../src/loaders/logs/logs-loader.ts';
import { createRequestContext } from '../../src/runtime/request-context.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';
import { configFromToml, type GraphQLResponse, executeOn } from '../support/test-gateway.ts';

let emulator: LocalEmulator;
let runtime: GatewayRuntime;
let yoga: GatewayYoga;

beforeAll(async () => {
  emulator = await startLocalEmulator({ liveFeed: false });
  const config = configFromToml('[logs]\nquery_timeout = "1s"\n\n[profiles.demo]\nbackend = "local"\n');
  runtime = new GatewayRuntime(config, { url: emulator.emulator.url, services: demoServiceConfigs() });
  yoga = createGatewayYoga({ runtime });
});
afterAll(async () => {
  await runtime?.close();
  await emulator?.close();
});
beforeEach(() => {
  emulator.emulator.knobs.queryRunMs = 300;
  emulator.emulator.knobs.nextQueryOutcomes = [];
  emulator.emulator.counters.reset();
});

function execute(query: string): Promise<GraphQLResponse> {
  return executeOn(yoga, query);
}

describe('loadTraceLogs', () => {
  it('finds the lines of an incident trace across services in one query', async () => {
    const traceId = emulator.facts!.incidentTraceIds[0]!;
    const profile = runtime.profile('demo');
    const context = createRequestContext(runtime);
    const now = emulator.clock();
    const result = await loadTraceLogs(context, {
      profile,
      services: [profile.service('payments-api')!, profile.service('checkout-web')!, profile.service('thumbnailer')!],
      traceId,
      range: { start: now - 3 * 3_600_000, end: now },
      limit: 50,
    });
    // Each service's own lines: its named groups, or every group with its @logStream condition.
    expect(result.queryString).toBe(
      `fields @timestamp, @message, @logStream, @log | filter @message like "${traceId}" or @message like "${traceId.slice(2).replace('-', '')}" | filter (@log like /(?:^|:)(?:\\/aws\\/lambda\\/thumbnailer)$/) or (@logStream like /(^|\\/)checkout-web(\\/|$)/) or (@logStream like /(^|\\/)payments-api(\\/|$)/) | sort @timestamp desc | limit 50`,
    );
    // payments-api and checkout-web have no own log groups: every group of the demo (7), thumbnailer's included.
    expect(result.logGroups).toHaveLength(7);
    expect(result.events.length).toBeGreaterThan(0);
    for (const event of result.events) {
      expect(event.traceId).toBe(traceId);
      expect(profileOfLogEvent(event)).toBe(profile);
      expect(event.logGroup === '/aws/lambda/thumbnailer' || /(^|\/)(checkout-web|payments-api)(\/|$)/.test(event.logStream ?? ''), `${event.logGroup} ${event.logStream}`).toBe(true);
    }
    expect(new Set(result.events.map((event) => event.logGroup))).toContain('/ecs/payments-api');
    expect(emulator.emulator.counters.calls('StartQuery')).toBe(1);
    expect(context.usage.logsBytesScanned).toBe(result.statistics.bytesScanned);
  });

  it('refuses a malformed trace id without calling AWS', async () => {
    const profile = runtime.profile('demo');
    const context = createRequestContext(runtime);
    await expect(
      loadTraceLogs(context, { profile, services: [], traceId: '1-x" | limit 1', range: { start: 0, end: 1 }, limit: 5 }),
    ).rejects.toMatchObject({ name: 'InputError', argument: 'traceId' });
    expect(emulator.emulator.counters.calls('StartQuery')).toBe(0);
  });
});

describe('Service.logs when Logs Insights misbehaves', () => {
  it('nulls only the failed field, with a code', async () => {
    emulator.emulator.knobs.nextQueryOutcomes = ['Failed'];
    const response = await execute(`{
      service(name: "payments-api") {
        name
        failed: logs(filter: { contains: "a" }) { status }
      }
    }`);
    expect(response.data).toEqual({ service: { name: 'payments-api', failed: null } });
    expect(response.errors!.map((error) => [error.path?.join('.'), error.extensions?.code, error.extensions?.queryStatus])).toEqual([
      ['service.failed', 'UPSTREAM_ERROR', 'Failed'],
    ]);
  });

  it('returns what it found as PARTIAL when the query timeout passes', async () => {
    emulator.emulator.knobs.queryRunMs = 60_000;
    const response = await execute(`{ service(name: "payments-api") { logs(range: { last: "1h" }) { status events { message } } } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data!.service.logs.status).toBe('PARTIAL');
    // The abandoned query was stopped (logs:StopQuery, optional).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(emulator.emulator.counters.calls('StopQuery')).toBe(1);
    expect(emulator.emulator.counters.runningQueries).toBe(0);
  });
});

describe('log groups', () => {
  it('are described once and then served from the cache', async () => {
    const first = await execute('{ logGroups(prefix: "/aws/") { name } }');
    const second = await execute('{ logGroups(prefix: "/aws/") { name } }');
    expect(first.data!.logGroups.map((group: { name: string }) => group.name)).toEqual([
      '/aws/lambda/email-sender',
      '/aws/lambda/thumbnailer',
      '/aws/rds/instance/orders-db/postgresql',
    ]);
    expect(second.data).toEqual(first.data);
    expect(emulator.emulator.counters.calls('DescribeLogGroups')).toBe(1);
    expect(second.extensions?.cost?.cacheHits).toBe(1);
  });
});
