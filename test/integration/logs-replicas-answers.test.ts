// Two gateway replicas sharing one Redis (REDIS_URL) share their Logs Insights answers and the
// incremental-refresh state: a dashboard one replica answered costs the other no query, and a
// refresh on the other replica asks only for what is new.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { ANSWER_SHARING } from '../../src/sharing/answer-sharing.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { LOGS_BATCHING_STATS } from '../../src/loaders/logs/logs-batching.ts';
import { loadServiceLogs } from '../../src/loaders/logs/logs-loader.ts';
import { type RedisAnswerStore, decodeAnswer, encodeAnswer } from '../../src/sharing/redis-answer-store.ts';
import { createRequestContext } from '../../src/runtime/request-context.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { REDIS_SERVER, skipEachTestWithout } from '../support/required-tool.ts';
import { configFromToml } from '../support/test-gateway.ts';

const ECS = ['checkout-web', 'inventory-service', 'orders-service', 'payments-api'];
let redis: TestRedis;
let emulator: LocalEmulator;
const replicas: GatewayRuntime[] = [];

const redisMissing = skipEachTestWithout(REDIS_SERVER);

beforeAll(async () => {
  if (redisMissing) return;
  redis = await startTestRedis();
  emulator = await startLocalEmulator({ knobs: { queryRunMs: 200 }, liveFeed: false });
  for (let i = 0; i < 2; i++) {
    const config = configFromToml('[profiles.demo]\nbackend = "local"\n', { env: { REDIS_URL: redis.url } });
    replicas.push(new GatewayRuntime(config, { url: emulator.emulator.url, services: demoServiceConfigs() }));
  }
});
afterAll(async () => {
  for (const runtime of replicas) await runtime.close();
  await emulator?.close();
  await redis?.stop();
});

async function dashboard(runtime: GatewayRuntime, now: number) {
  const context = createRequestContext(runtime, { now });
  const window = { start: now - 3_600_000, end: now, relative: true };
  const logs = await Promise.all(ECS.map((name) => loadServiceLogs(context, runtime.profile('demo').service(name)!, { window, filter: { levels: ['ERROR'] }, limit: 20 })));
  return { logs: logs.map((result) => result.events.map((event) => `${event.timestamp.toISOString()} ${event.message}`)), usage: context.usage };
}

describe('answers shared by replicas through Redis', () => {
  it('keeps Dates and Maps through the Redis encoding', () => {
    const value = { at: new Date(1_796_000_000_123), counts: new Map([[1, 2]]), list: [{ when: new Date(0) }] };
    expect(decodeAnswer(encodeAnswer(value))).toEqual(value);
  });

  it('serves the second replica from the first one answers, and refreshes there incrementally', async () => {
    const t0 = emulator.clock() - 5 * 60_000;
    emulator.emulator.counters.reset();
    const first = await dashboard(replicas[0]!, t0);
    expect(emulator.emulator.counters.calls('StartQuery')).toBe(1);
    const second = await dashboard(replicas[1]!, t0);
    // Nothing asked again: the answers came from Redis (the log groups listing too).
    expect(emulator.emulator.counters.calls('StartQuery')).toBe(1);
    expect(emulator.emulator.counters.calls('DescribeLogGroups')).toBe(1);
    expect(second.logs).toEqual(first.logs);
    const store = ANSWER_SHARING.of(replicas[1]!).store as RedisAnswerStore;
    expect(store.remoteHits).toBeGreaterThanOrEqual(ECS.length);
    expect(store.errors).toBe(0);

    const stats = LOGS_BATCHING_STATS.of(replicas[1]!);
    const refreshed = await dashboard(replicas[1]!, t0 + 30_000);
    expect(stats.incrementalRefreshes).toBe(ECS.length);
    expect(emulator.emulator.counters.calls('StartQuery')).toBe(2);
    expect(refreshed.usage.logsBytesScanned).toBeLessThan(first.usage.logsBytesScanned * 0.15);
  });

  it('runs one query for replicas that ask the same dashboard at the same moment', async () => {
    // What the replicas answered before is in Redis (answers are stored just after they are served).
    await Promise.all(replicas.map((runtime) => ANSWER_SHARING.of(runtime).settled()));
    const t1 = emulator.clock() - 2 * 60_000;
    emulator.emulator.counters.reset();
    const [a, b] = await Promise.all([dashboard(replicas[0]!, t1), dashboard(replicas[1]!, t1)]);
    expect(emulator.emulator.counters.calls('StartQuery')).toBe(1);
    expect(b.logs).toEqual(a.logs);
    const peers = [0, 1].map((i) => (ANSWER_SHARING.of(replicas[i]!).store as RedisAnswerStore).peerAnswers);
    expect(peers[0]! + peers[1]!).toBe(1);
  });
});
