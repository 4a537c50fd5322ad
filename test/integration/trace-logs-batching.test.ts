// Trace.logs of many traces in one request, through the whole gateway against the demo emulator:
// the traces of several services' lists (answered at different moments) meet in one batch, traces
// that read the same groups at close times share a Logs Insights query, and every trace's lines are
// exactly what one query per trace (logs.batch = false) returns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterTraceWindows } from '../../src/aws/trace-logs-batch.ts';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { TRACE_LOG_MARGIN_MS } from '../../src/loaders/logs/logs-loader.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';
import { configFromToml, executeOn } from '../support/test-gateway.ts';

/** The demo's clock, pinned so that the lists hold the same traces on every run. */
const NOW = Date.UTC(2026, 10, 25, 17, 30, 0);

let local: LocalEmulator;
let now: number;
const runtimes: GatewayRuntime[] = [];

function gateway(toml: string): GatewayYoga {
  const runtime = new GatewayRuntime(configFromToml(`${toml}[profiles.demo]\nbackend = "local"\n`), { url: local.emulator.url, services: demoServiceConfigs() });
  runtimes.push(runtime);
  return createGatewayYoga({ runtime, now: () => now });
}

beforeAll(async () => {
  local = await startLocalEmulator({ host: '127.0.0.1', port: 0, now: NOW, liveFeed: false, historyHours: 2 });
  now = NOW;
}, 120_000);
afterAll(async () => {
  for (const runtime of runtimes) await runtime.close();
  await local?.close();
});

const TRACE_LOGS = /* GraphQL */ `{
  services(names: ["payments-api", "checkout-web", "inventory-service", "orders-service"]) {
    name
    traces(range: { last: "2h" }, filter: { fault: true }, limit: 6) {
      traces {
        id startTime durationMs
        logs(limit: 15) { truncated logGroups events { timestamp logGroup message } }
      }
    }
  }
}`;

interface TraceWithLogs {
  id: string;
  startTime: string;
  durationMs: number | null;
  logs: { truncated: boolean; logGroups: string[]; events: Array<{ message: string }> };
}

const tracesOf = (data: Record<string, any>): TraceWithLogs[] => (data['services'] as Array<{ traces: { traces: TraceWithLogs[] } }>).flatMap((service) => service.traces.traces);

describe('Trace.logs of many traces in one request', () => {
  it('shares one query among traces with close windows, with the answers of one query per trace', async () => {
    const batched = await executeOn(gateway(''), TRACE_LOGS);
    const perTrace = await executeOn(gateway('[logs]\nbatch = false\n\n'), TRACE_LOGS);
    expect(batched.errors).toBeUndefined();
    expect(perTrace.errors).toBeUndefined();
    const traces = tracesOf(batched.data!);
    const distinct = new Map(traces.map((trace) => [trace.id, trace]));
    expect(distinct.size).toBeGreaterThan(3);
    expect(traces.some((trace) => trace.logs.events.length > 0)).toBe(true);
    // Every trace: the same lines and flags as its own query.
    const answers = (list: TraceWithLogs[]) => Object.fromEntries(list.map((trace) => [trace.id, { truncated: trace.logs.truncated, logGroups: trace.logs.logGroups, events: trace.logs.events }]));
    expect(answers(traces)).toEqual(answers(tracesOf(perTrace.data!)));
    for (const trace of traces) for (const event of trace.logs.events) expect(event.message).toContain(trace.id);

    // One query per trace without batching; with it, one per cluster of windows over the same groups.
    const starts = (response: typeof batched): number => response.extensions!['cost'].calls['logs:StartQuery'].calls;
    expect(starts(perTrace)).toBe(distinct.size);
    const byGroups = new Map<string, Array<{ startMs: number; endMs: number }>>();
    for (const trace of distinct.values()) {
      const start = Date.parse(trace.startTime);
      const window = { startMs: Math.floor(start - TRACE_LOG_MARGIN_MS), endMs: Math.min(now, Math.ceil(start + (trace.durationMs ?? 0) + TRACE_LOG_MARGIN_MS)) };
      const key = JSON.stringify(trace.logs.logGroups);
      byGroups.set(key, [...(byGroups.get(key) ?? []), window]);
    }
    const clusters = [...byGroups.values()].reduce((sum, windows) => sum + clusterTraceWindows(windows).length, 0);
    expect(starts(batched)).toBe(clusters);
    expect(clusters).toBeLessThan(distinct.size);
    console.log(`Trace.logs of ${distinct.size} traces in one request: ${starts(batched)} StartQuery batched vs ${starts(perTrace)} one per trace, same answers`);
  }, 60_000);

  it('refuses a limit above 1,000 without calling AWS', async () => {
    const response = await executeOn(gateway(''), '{ services(names: ["payments-api"]) { traces(range: { last: "2h" }, filter: { fault: true }, limit: 1) { traces { id logs(limit: 1001) { truncated } } } } }');
    expect(response.errors?.[0]).toMatchObject({ message: expect.stringContaining('from 1 to 1,000'), extensions: { code: 'BAD_USER_INPUT' } });
    expect(response.extensions!['cost'].calls['logs:StartQuery']).toBeUndefined();
  }, 60_000);
});
