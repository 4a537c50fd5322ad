// Fair sharing of the Logs Insights gate, through yoga.fetch against the emulator: a heavy caller's
// request queues many queries behind logs.max_running_queries; a light caller's single query, asked
// while the heavy queue waits, starts at once in the slot kept free by logs.fair_share_reserve
// (default 1), or, with none kept free, as soon as the first slot frees: before the heavy caller's
// remaining queries either way. First come, first
// served (logs.fair_share = false) starts it last. Asserted on the order the emulator started the
// queries in, never on elapsed time.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { logsInsightsGate } from '../../src/quota/logs-insights-limiter.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';
import { configFromToml, type GraphQLResponse } from '../support/test-gateway.ts';

const MAX_RUNNING = 3;
const HEAVY_QUERIES = 6;
/** Long enough for the light request to reach the gate while the first heavy queries still run. */
const QUERY_RUN_MS = 1_500;
const HEAVY_TOKEN = 'tkr_heavy_dashboard';
const LIGHT_TOKEN = 'tkr_light_engineer';
const sha = (token: string) => createHash('sha256').update(token).digest('hex');

let emulator: LocalEmulator;
const runtimes: GatewayRuntime[] = [];

beforeAll(async () => {
  emulator = await startLocalEmulator({ knobs: { queryRunMs: QUERY_RUN_MS }, liveFeed: false });
});
afterAll(async () => {
  for (const runtime of runtimes) await runtime.close();
  await emulator?.close();
});

interface FairGateway {
  runtime: GatewayRuntime;
  yoga: GatewayYoga;
  /** Slots the heavy request may hold. */
  heavyHolds: number;
}

function gateway(options: { fairShare: boolean; tokens: boolean; reserve?: number }): FairGateway {
  const server = options.tokens
    ? `[server]
host = "0.0.0.0"
[[server.tokens]]
name = "heavy-dashboard"
sha256 = "${sha(HEAVY_TOKEN)}"
[[server.tokens]]
name = "light-engineer"
sha256 = "${sha(LIGHT_TOKEN)}"
`
    : '';
  const config = configFromToml(`${server}
[logs]
max_running_queries = ${MAX_RUNNING}
calls_per_second = 10
fair_share = ${options.fairShare}
${options.reserve === undefined ? '' : `fair_share_reserve = ${options.reserve}`}

[profiles.demo]
backend = "local"
`);
  const runtime = new GatewayRuntime(config, { url: emulator.emulator.url, services: demoServiceConfigs() });
  runtimes.push(runtime);
  const heavyHolds = options.fairShare ? MAX_RUNNING - (options.reserve ?? 1) : MAX_RUNNING;
  expect(runtime.config.logs.fair_share_reserve).toBe(options.reserve ?? 1);
  return { runtime, yoga: createGatewayYoga({ runtime }), heavyHolds };
}

async function post(yoga: GatewayYoga, query: string, token?: string): Promise<GraphQLResponse> {
  const response = await yoga.fetch('http://tinkr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as GraphQLResponse;
}

/** Waits (in small steps, no time bound asserted) until the emulator has started `count` queries. */
async function startedAtLeast(count: number): Promise<void> {
  while (emulator.emulator.counters.startedQueries.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * The heavy request (HEAVY_QUERIES distinct queries, one per alias) first; once its first queries
 * hold what it may hold and the rest wait, the light request's one query. Returns the order the
 * queries started in.
 */
async function heavyThenLight({ runtime, yoga, heavyHolds }: FairGateway, tag: string, tokens: { heavy?: string; light?: string }): Promise<string[]> {
  emulator.emulator.counters.reset();
  const aliases = Array.from({ length: HEAVY_QUERIES }, (_, i) => `h${i}: logs(range: { last: "1h" }, filter: { contains: "${tag}-heavy-${i}" }, limit: 5) { status }`);
  const heavy = post(yoga, `{ service(name: "payments-api") { ${aliases.join(' ')} } }`, tokens.heavy);
  // The premise: the heavy request holds its slots, its other queries wait, none has finished.
  const gate = logsInsightsGate(runtime);
  await startedAtLeast(heavyHolds);
  while (gate.queries.waiting < HEAVY_QUERIES - heavyHolds) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(emulator.emulator.counters.startedQueries).toHaveLength(heavyHolds);
  expect(gate.queries.active).toBe(heavyHolds);
  const light = post(yoga, `{ service(name: "checkout-web") { logs(range: { last: "1h" }, filter: { contains: "${tag}-light" }, limit: 5) { status } } }`, tokens.light);
  const [heavyAnswer, lightAnswer] = await Promise.all([heavy, light]);
  expect(heavyAnswer.errors).toBeUndefined();
  expect(Object.values(heavyAnswer.data!.service).map((logs: any) => logs.status)).toEqual(Array(HEAVY_QUERIES).fill('COMPLETE'));
  expect(lightAnswer.errors).toBeUndefined();
  expect(lightAnswer.data!.service.logs.status).toBe('COMPLETE');
  expect(emulator.emulator.counters.maxRunningQueries).toBeLessThanOrEqual(MAX_RUNNING);
  return emulator.emulator.counters.startedQueries.map((queryString) => (queryString.includes(`${tag}-light`) ? 'light' : queryString.includes(`${tag}-heavy-`) ? 'heavy' : 'other'));
}

describe('a light caller next to a heavy one', { timeout: 60_000 }, () => {
  it("starts the light caller's query at once in the slot no one request may take (logs.fair_share_reserve, default 1)", async () => {
    const fair = gateway({ fairShare: true, tokens: true });
    expect(fair.heavyHolds).toBe(MAX_RUNNING - 1);
    const order = await heavyThenLight(fair, 'reserve', { heavy: HEAVY_TOKEN, light: LIGHT_TOKEN });
    expect(order.filter((kind) => kind === 'heavy')).toHaveLength(HEAVY_QUERIES);
    expect(order.indexOf('light')).toBe(MAX_RUNNING - 1);
    const gate = logsInsightsGate(fair.runtime);
    expect([gate.queries.active, gate.queries.waiting, gate.queries.highWater]).toEqual([0, 0, MAX_RUNNING]);
  });

  it("with every slot open to one request, starts the light caller's query with the first freed slot, before the heavy caller's remaining queries", async () => {
    const fair = gateway({ fairShare: true, tokens: true, reserve: 0 });
    const order = await heavyThenLight(fair, 'fair', { heavy: HEAVY_TOKEN, light: LIGHT_TOKEN });
    // The heavy caller held every slot when the light query came; the first slot freed was its.
    expect(order.indexOf('light')).toBe(MAX_RUNNING);
    expect(order.slice(MAX_RUNNING + 1)).toEqual(Array(HEAVY_QUERIES - MAX_RUNNING).fill('heavy'));
    const gate = logsInsightsGate(fair.runtime);
    expect([gate.queries.active, gate.queries.waiting, gate.queries.highWater]).toEqual([0, 0, MAX_RUNNING]);
  });

  it('shares between the requests of one identity when auth is off (everyone is "anonymous")', async () => {
    const order = await heavyThenLight(gateway({ fairShare: true, tokens: false, reserve: 0 }), 'anonymous', {});
    expect(order.indexOf('light')).toBe(MAX_RUNNING);
  });

  it('queues the light query behind the whole heavy queue with logs.fair_share = false (first come, first served)', async () => {
    const order = await heavyThenLight(gateway({ fairShare: false, tokens: true }), 'fifo', { heavy: HEAVY_TOKEN, light: LIGHT_TOKEN });
    expect(order.indexOf('light')).toBe(HEAVY_QUERIES);
  });
});
