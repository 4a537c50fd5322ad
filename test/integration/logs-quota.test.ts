// 40 concurrent GraphQL requests with distinct Logs Insights queries against the emulator: the
// process never has more queries running than logs.max_running_queries (the emulator's own
// high-water mark), and StartQuery + GetQueryResults stay under logs.calls_per_second.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { logsInsightsGate } from '../../src/quota/logs-insights-limiter.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';
import { configFromToml, type GraphQLResponse, executeOn } from '../support/test-gateway.ts';

const MAX_RUNNING = 5;
const CALLS_PER_SECOND = 8;

let emulator: LocalEmulator;
let runtime: GatewayRuntime;
let yoga: GatewayYoga;

beforeAll(async () => {
  emulator = await startLocalEmulator({ knobs: { queryRunMs: 300 }, liveFeed: false });
  const config = configFromToml(`[logs]
max_running_queries = ${MAX_RUNNING}
calls_per_second = ${CALLS_PER_SECOND}

[profiles.demo]
backend = "local"
`);
  runtime = new GatewayRuntime(config, { url: emulator.emulator.url, services: demoServiceConfigs() });
  yoga = createGatewayYoga({ runtime });
});
afterAll(async () => {
  await runtime?.close();
  await emulator?.close();
});

function execute(query: string): Promise<GraphQLResponse> {
  return executeOn(yoga, query);
}

it('keeps 40 concurrent requests inside the running-query and call-rate limits', { timeout: 90_000 }, async () => {
  emulator.emulator.counters.reset();
  const services = ['payments-api', 'checkout-web', 'orders-service', 'inventory-service'];
  const responses = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      execute(`{ service(name: "${services[i % 4]}") { logs(range: { last: "1h" }, filter: { exclude: "request-${i}" }, limit: 5) { events { message } status statistics { bytesScanned } } } }`),
    ),
  );
  for (const response of responses) {
    expect(response.errors).toBeUndefined();
    expect(response.data!.service.logs.status).toBe('COMPLETE');
    expect(response.data!.service.logs.events).toHaveLength(5);
    expect(response.data!.service.logs.statistics.bytesScanned).toBeGreaterThan(0);
  }
  const counters = emulator.emulator.counters;
  // Distinct queries: nothing shared, one StartQuery each, no retries needed.
  expect(counters.calls('StartQuery')).toBe(40);
  expect(counters.attempts('StartQuery')).toBe(40);
  expect(counters.maxRunningQueries).toBeLessThanOrEqual(MAX_RUNNING);
  expect(counters.maxRunningQueries).toBeGreaterThanOrEqual(2);
  expect(counters.maxRequestsInWindow(['StartQuery', 'GetQueryResults'], 1000)).toBeLessThanOrEqual(CALLS_PER_SECOND);
  const gate = logsInsightsGate(runtime);
  expect(gate.queries.highWater).toBe(MAX_RUNNING);
  expect(gate.queries.active).toBe(0);
});

it('shares one query between concurrent identical requests', async () => {
  emulator.emulator.counters.reset();
  const query = '{ service(name: "payments-api") { logs(range: { last: "15m" }, filter: { contains: "shared-dashboard" }) { events { message } status } } }';
  const responses = await Promise.all(Array.from({ length: 10 }, () => execute(query)));
  for (const response of responses) expect(response.data!.service.logs.status).toBe('COMPLETE');
  expect(emulator.emulator.counters.calls('StartQuery')).toBe(1);
  const hits = responses.map((response) => response.extensions?.cost?.cacheHits ?? 0);
  // DescribeLogGroups is cached too: every request but the one that queried counts a shared answer.
  expect(hits.filter((count) => count >= 1).length).toBeGreaterThanOrEqual(9);
});
