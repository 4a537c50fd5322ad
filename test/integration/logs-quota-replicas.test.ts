// Two gateway replicas sharing one Redis (REDIS_URL) behave like one towards AWS: together they never
// run more Logs Insights queries than logs.max_running_queries, nor make more StartQuery +
// GetQueryResults calls per second than logs.calls_per_second (read from the emulator's counters).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { createRedisLogsInsightsGate } from '../../src/quota/redis-logs-insights-gate.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { REDIS_SERVER, skipEachTestWithout } from '../support/required-tool.ts';
import { configFromToml, executeOn } from '../support/test-gateway.ts';

const MAX_RUNNING = 3;
const CALLS_PER_SECOND = 6;

let redis: TestRedis;
let emulator: LocalEmulator;
const replicas: Array<{ runtime: GatewayRuntime; yoga: GatewayYoga }> = [];

const redisMissing = skipEachTestWithout(REDIS_SERVER);

beforeAll(async () => {
  if (redisMissing) return;
  redis = await startTestRedis();
  emulator = await startLocalEmulator({ knobs: { queryRunMs: 300 }, liveFeed: false });
  for (let i = 0; i < 2; i++) {
    const config = configFromToml(`[logs]\nmax_running_queries = ${MAX_RUNNING}\ncalls_per_second = ${CALLS_PER_SECOND}\n[profiles.demo]\nbackend = "local"\n`, {
      env: { REDIS_URL: redis.url },
    });
    const runtime = new GatewayRuntime(config, { url: emulator.emulator.url, services: demoServiceConfigs() });
    replicas.push({ runtime, yoga: createGatewayYoga({ runtime }) });
  }
});
afterAll(async () => {
  for (const replica of replicas) await replica.runtime.close();
  await emulator?.close();
  await redis?.stop();
});

describe('Logs Insights limits shared through Redis', () => {
  it('reads REDIS_URL into server.redis_url', () => {
    expect(replicas[0]!.runtime.config.server.redis_url).toBe(redis.url);
  });

  it('keeps two replicas together inside the running-query and call-rate limits', { timeout: 90_000 }, async () => {
    emulator.emulator.counters.reset();
    const services = ['payments-api', 'checkout-web', 'orders-service', 'inventory-service'];
    const responses = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        executeOn(
          replicas[i % 2]!.yoga,
          `{ service(name: "${services[i % 4]}") { logs(range: { last: "1h" }, filter: { exclude: "replica-${i}" }, limit: 3) { events { message } status } } }`,
        ),
      ),
    );
    for (const response of responses) {
      expect(response.errors).toBeUndefined();
      expect(response.data!.service.logs.status).toBe('COMPLETE');
      expect(response.data!.service.logs.events).toHaveLength(3);
    }
    const counters = emulator.emulator.counters;
    expect(counters.calls('StartQuery')).toBe(16);
    expect(counters.maxRunningQueries).toBeLessThanOrEqual(MAX_RUNNING);
    expect(counters.maxRunningQueries).toBeGreaterThanOrEqual(2);
    expect(counters.maxRequestsInWindow(['StartQuery', 'GetQueryResults'], 1000)).toBeLessThanOrEqual(CALLS_PER_SECOND);
  });

  it("lets another replica's light query start at once beside one replica's heavy request (the slot no one request may take is free in Redis)", { timeout: 60_000 }, async () => {
    const knobs = emulator.emulator.knobs;
    const runMs = knobs.queryRunMs;
    // Long enough for the light request to reach Redis while the heavy request's first queries still run.
    knobs.queryRunMs = 1_500;
    try {
      emulator.emulator.counters.reset();
      const aliases = Array.from({ length: 6 }, (_, i) => `h${i}: logs(range: { last: "1h" }, filter: { contains: "replica-heavy-${i}" }, limit: 3) { status }`);
      const heavy = executeOn(replicas[0]!.yoga, `{ service(name: "payments-api") { ${aliases.join(' ')} } }`);
      // The heavy request holds what one request may (MAX_RUNNING - 1); its other queries wait.
      while (emulator.emulator.counters.startedQueries.length < MAX_RUNNING - 1) await new Promise((resolve) => setTimeout(resolve, 5));
      const light = executeOn(replicas[1]!.yoga, '{ service(name: "checkout-web") { logs(range: { last: "1h" }, filter: { contains: "replica-light" }, limit: 3) { status } } }');
      const [heavyAnswer, lightAnswer] = await Promise.all([heavy, light]);
      expect(heavyAnswer.errors).toBeUndefined();
      expect(lightAnswer.data!.service.logs.status).toBe('COMPLETE');
      const order = emulator.emulator.counters.startedQueries.map((query) => (query.includes('replica-light') ? 'light' : 'heavy'));
      expect(order).toEqual(['heavy', 'heavy', 'light', 'heavy', 'heavy', 'heavy', 'heavy']);
      expect(emulator.emulator.counters.maxRunningQueries).toBeLessThanOrEqual(MAX_RUNNING);
    } finally {
      knobs.queryRunMs = runMs;
    }
  });

  it('hands a query slot from one replica to another only when it is released', async () => {
    const options = { maxRunningQueries: 2, callsPerSecond: 5, stopAbandonedQueries: false, queryLeaseMs: 60_000, keyPrefix: 'tinkr:test-slots' };
    const a = createRedisLogsInsightsGate(redis.url, options);
    const b = createRedisLogsInsightsGate(redis.url, options);
    try {
      const first = await a.acquireQuerySlot();
      const second = await b.acquireQuerySlot();
      expect(await a.runningQueries()).toBe(2);
      let third = false;
      const waiting = b.acquireQuerySlot().then((release) => {
        third = true;
        return release;
      });
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(third).toBe(false);
      first();
      const release = await waiting;
      expect(third).toBe(true);
      second();
      release();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await b.runningQueries()).toBe(0);
      // An aborted wait gives up without taking a slot.
      const holders = [await a.acquireQuerySlot(), await a.acquireQuerySlot()];
      await expect(b.acquireQuerySlot(AbortSignal.timeout(300))).rejects.toBeDefined();
      expect(await b.runningQueries()).toBe(2);
      for (const free of holders) free();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("serves a replica's own waiters fairly: a light caller's ask goes before a heavy caller's queue", async () => {
    const options = { maxRunningQueries: 1, callsPerSecond: 5, stopAbandonedQueries: false, queryLeaseMs: 60_000, keyPrefix: 'tinkr:test-fair' };
    const gate = createRedisLogsInsightsGate(redis.url, options);
    const heavy = { identity: 'heavy', request: 'h' };
    const light = { identity: 'light', request: 'l' };
    try {
      const order: string[] = [];
      const releases = new Map<string, () => void>();
      const ask = (label: string, caller: typeof heavy, signal?: AbortSignal) =>
        gate.acquireQuerySlot(signal, caller).then((release) => {
          order.push(label);
          releases.set(label, release);
        });
      await ask('h1', heavy);
      const waits = [ask('h2', heavy), ask('h3', heavy)];
      const gone = new AbortController();
      const aborted = ask('l0', light, gone.signal);
      waits.push(ask('l1', light));
      gone.abort(new Error('client gone'));
      await expect(aborted).rejects.toThrow('client gone');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(order).toEqual(['h1']);
      for (const label of ['h1', 'l1', 'h2']) {
        releases.get(label)!();
        while (order.length < 2 + ['h1', 'l1', 'h2'].indexOf(label)) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await Promise.all(waits);
      expect(order).toEqual(['h1', 'l1', 'h2', 'h3']);
      releases.get('h3')!();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await gate.runningQueries()).toBe(0);
    } finally {
      await gate.close();
    }
  });

  it("gives a slot a heavy caller frees on one replica to a light caller waiting on another (fewest held across replicas)", async () => {
    const options = { maxRunningQueries: 2, callsPerSecond: 5, stopAbandonedQueries: false, queryLeaseMs: 60_000, keyPrefix: 'tinkr:test-across' };
    const a = createRedisLogsInsightsGate(redis.url, options);
    const b = createRedisLogsInsightsGate(redis.url, options);
    const heavy = { identity: 'heavy-dashboard', request: 'h' };
    const light = { identity: 'light-engineer', request: 'l' };
    try {
      const order: string[] = [];
      const releases = new Map<string, () => void>();
      const ask = (gate: typeof a, label: string, caller: typeof heavy) =>
        gate.acquireQuerySlot(undefined, caller).then((release) => {
          order.push(label);
          releases.set(label, release);
        });
      await ask(a, 'h1', heavy);
      await ask(a, 'h2', heavy);
      const waits = [ask(a, 'h3', heavy), ask(a, 'h4', heavy)];
      await new Promise((resolve) => setTimeout(resolve, 50));
      waits.push(ask(b, 'l1', light));
      // Both replicas have asked and found no room: both callers are registered as waiting.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const until = async (count: number): Promise<void> => {
        while (order.length < count) await new Promise((resolve) => setTimeout(resolve, 10));
      };
      // Replica a frees a slot and asks again at once, but heavy holds 1 and light 0: light's turn.
      releases.get('h1')!();
      await until(3);
      releases.get('h2')!();
      await until(4);
      releases.get('l1')!();
      await Promise.all(waits);
      expect(order).toEqual(['h1', 'h2', 'l1', 'h3', 'h4']);
      for (const label of ['h3', 'h4']) releases.get(label)!();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await a.runningQueries()).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps a slot from any one request of this replica (fair_share_reserve): a newcomer takes it at once', async () => {
    const options = { maxRunningQueries: 2, maxRunningQueriesPerRequest: 1, callsPerSecond: 5, stopAbandonedQueries: false, queryLeaseMs: 60_000, keyPrefix: 'tinkr:test-reserve' };
    const gate = createRedisLogsInsightsGate(redis.url, options);
    try {
      const heavy = { identity: 'heavy', request: 'h' };
      const first = await gate.acquireQuerySlot(undefined, heavy);
      let second: (() => void) | undefined;
      const heavyWaits = gate.acquireQuerySlot(undefined, heavy).then((release) => (second = release));
      await new Promise((resolve) => setTimeout(resolve, 300));
      // A slot is free in Redis, but the heavy request holds its share.
      expect([second, await gate.runningQueries()]).toEqual([undefined, 1]);
      const light = await gate.acquireQuerySlot(undefined, { identity: 'light', request: 'l' });
      expect(await gate.runningQueries()).toBe(2);
      first();
      await heavyWaits;
      light();
      second!();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await gate.runningQueries()).toBe(0);
    } finally {
      await gate.close();
    }
  });
});
