// The batching loader over the demo: the services of a request share one Logs Insights query and
// each gets what its own query returns (compared with logs.batch = false on the same emulator); a
// relative window asked again 30 s later scans only the new part plus the settle margin and answers
// the same as a cold query; errors stay per service.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { LOGS_BATCHING_STATS } from '../../src/loaders/logs/logs-batching.ts';
import { loadLogVolume, loadServiceLogs } from '../../src/loaders/logs/logs-loader.ts';
import { createRequestContext } from '../../src/runtime/request-context.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';
import { configFromToml, executeOn } from '../support/test-gateway.ts';

const ECS = ['checkout-web', 'inventory-service', 'orders-service', 'payments-api'];
const ALL = [...ECS, 'email-sender', 'thumbnailer', 'orders-db'];

let emulator: LocalEmulator;
let batched: GatewayRuntime;
let perService: GatewayRuntime;
let batchedYoga: GatewayYoga;
let perServiceYoga: GatewayYoga;

function runtimeWith(logs: string): GatewayRuntime {
  const config = configFromToml(`[logs]\n${logs}\n\n[profiles.demo]\nbackend = "local"\n`);
  return new GatewayRuntime(config, { url: emulator.emulator.url, services: demoServiceConfigs() });
}

beforeAll(async () => {
  emulator = await startLocalEmulator({ liveFeed: false });
  batched = runtimeWith('ingestion_settle = "2m"');
  perService = runtimeWith('batch = false');
  batchedYoga = createGatewayYoga({ runtime: batched });
  perServiceYoga = createGatewayYoga({ runtime: perService });
});
afterAll(async () => {
  await batched?.close();
  await perService?.close();
  await emulator?.close();
});
beforeEach(() => {
  emulator.emulator.knobs.queryRunMs = 200;
  emulator.emulator.knobs.nextQueryOutcomes = [];
  emulator.emulator.counters.reset();
});

const DASHBOARD = `query ($names: [String!], $filter: LogFilter, $limit: Int) {
  services(profile: "demo", names: $names) {
    name
    logs(range: { from: "FROM", to: "TO" }, filter: $filter, limit: $limit) {
      events { timestamp message logStream logGroup }
      truncated logGroups
      statistics { recordsMatched recordsMatchedExact sharedBy }
    }
  }
}`;

describe('one Logs Insights query for the services of a request', () => {
  it('answers every service as its own query does, with one StartQuery instead of seven', async () => {
    const to = emulator.clock() - 60_000;
    const query = DASHBOARD.replace('FROM', new Date(to - 3_600_000).toISOString()).replace('TO', new Date(to).toISOString());
    for (const [filter, limit] of [[{ levels: ['ERROR'] }, 50], [null, 20], [{ contains: 'order' }, 5]] as const) {
      emulator.emulator.counters.reset();
      const one = await executeOn(batchedYoga, query, { names: ALL, filter, limit });
      const batchedCalls = emulator.emulator.counters.calls('StartQuery');
      emulator.emulator.counters.reset();
      const each = await executeOn(perServiceYoga, query, { names: ALL, filter, limit });
      const perServiceCalls = emulator.emulator.counters.calls('StartQuery');
      expect(one.errors).toBeUndefined();
      expect(each.errors).toBeUndefined();
      const strip = (services: Array<{ name: string; logs: { events: unknown[]; truncated: boolean; logGroups: string[]; statistics: { recordsMatched: number; recordsMatchedExact: boolean } } }>) =>
        services.map((service) => ({ name: service.name, events: service.logs.events, truncated: service.logs.truncated, logGroups: service.logs.logGroups }));
      expect(strip(one.data!.services)).toEqual(strip(each.data!.services));
      expect(perServiceCalls).toBe(ALL.length);
      // The 7 services read 7 log groups in all: one query, plus follow-ups when services starve
      // (a busy service fills the merged answer; a quiet one is asked again for older lines only).
      expect(batchedCalls).toBeGreaterThanOrEqual(1);
      expect(batchedCalls).toBeLessThanOrEqual(3);
      expect(one.data!.services.every((service: { logs: { statistics: { sharedBy: number } } }) => service.logs.statistics.sharedBy >= 1)).toBe(true);
      for (const [k, service] of (one.data!.services as Array<{ logs: { statistics: { recordsMatched: number; recordsMatchedExact: boolean } } }>).entries()) {
        const own = each.data!.services[k].logs.statistics.recordsMatched;
        if (service.logs.statistics.recordsMatchedExact) expect(service.logs.statistics.recordsMatched).toBe(own);
        else expect(service.logs.statistics.recordsMatched).toBeLessThanOrEqual(own);
      }
    }
  });

  it('fails only the services of a failed query, with their code', async () => {
    emulator.emulator.knobs.nextQueryOutcomes = ['Failed'];
    const response = await executeOn(batchedYoga, `{ a: service(name: "payments-api") { logs(filter: { contains: "x" }) { status } } b: service(name: "payments-api") { logs(filter: { contains: "y" }) { status } } }`);
    // Two filters: two queries; the first one started fails, the other answers.
    expect(emulator.emulator.counters.calls('StartQuery')).toBe(2);
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]!.extensions?.code).toBe('UPSTREAM_ERROR');
    const statuses = [response.data!.a, response.data!.b].map((service: { logs: { status: string } | null }) => service.logs?.status ?? null);
    expect(statuses.filter((status) => status === null)).toHaveLength(1);
    expect(statuses.filter((status) => status === 'COMPLETE')).toHaveLength(1);
  });
});

describe('incremental refresh of a relative window', () => {
  it('scans only the new part plus the settle margin 30 s later, and answers like a cold query', async () => {
    const t0 = emulator.clock() - 10 * 60_000;
    const ask = async (runtime: GatewayRuntime, now: number) => {
      const context = createRequestContext(runtime, { now });
      const window = { start: now - 3_600_000, end: now, relative: true };
      const logs = await Promise.all(ECS.map((name) => loadServiceLogs(context, runtime.profile('demo').service(name)!, { window, filter: { levels: ['ERROR', 'WARN'] }, limit: 30 })));
      const volume = await Promise.all(ECS.map((name) => loadLogVolume(context, runtime.profile('demo').service(name)!, { window, filter: null })));
      return { logs, volume, bytes: context.usage.logsBytesScanned, calls: context.usage.toJSON().calls['logs:StartQuery']?.calls ?? 0 };
    };
    const cold = await ask(batched, t0);
    const stats = LOGS_BATCHING_STATS.of(batched);
    const before = stats.incrementalRefreshes;
    const refresh = await ask(batched, t0 + 30_000);
    const reference = await ask(perService, t0 + 30_000);
    expect(stats.incrementalRefreshes - before).toBe(2 * ECS.length);
    const shape = (result: (typeof refresh.logs)[number]) => ({ events: result.events.map((e) => `${e.timestamp.toISOString()} ${e.logStream} ${e.message}`), truncated: result.truncated });
    expect(refresh.logs.map(shape)).toEqual(reference.logs.map(shape));
    expect(refresh.volume).toEqual(reference.volume);
    // Events: one merged delta query; volume: the delta and the cut first bucket.
    expect(refresh.calls).toBeLessThanOrEqual(3);
    expect(refresh.bytes).toBeGreaterThan(0);
    expect(refresh.bytes / cold.bytes).toBeLessThanOrEqual(0.15);
    // What the refresh scanned this time is what its answers report.
    expect(refresh.logs[0]!.statistics.bytesScanned).toBeLessThan(cold.logs[0]!.statistics.bytesScanned * 0.15);
  });
});
