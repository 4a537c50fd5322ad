// The benchmark's call counts as a test (counts only, never timings): one dashboard query makes
// exactly the minimum GetMetricData, BatchGetTraces and StartQuery calls for what it returns, and
// 50 identical dashboards at once cost what one costs. Real SDK against the embedded emulator,
// with the benchmark's latencies so that concurrent requests really overlap in flight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { createBenchGateway, type BenchGateway } from '../bench/bench-gateway.ts';
import { applyBenchLatencies } from '../bench/bench-latencies.ts';
import { measureDashboardCalls } from '../bench/dashboard-calls.ts';
import { inProcessProbe, type EmulatorProbe } from '../bench/emulator-probe.ts';

/** The demo's standard metrics: 4 ECS x 2 + 1 ALB x 3 + 2 Lambda x 3 + 1 RDS x 3. */
const DEMO_STANDARD_SERIES = 25;
const DEMO_SERVICES = 9;

describe('AWS calls of the dashboard (schema/operations/dashboard.graphql)', () => {
  let emulator: LocalEmulator;
  let probe: EmulatorProbe;
  const gateways: BenchGateway[] = [];
  const freshGateway = (): BenchGateway => {
    const gateway = createBenchGateway(probe.url);
    gateways.push(gateway);
    return gateway;
  };

  beforeAll(async () => {
    emulator = await startLocalEmulator({ host: '127.0.0.1', port: 0 });
    applyBenchLatencies(emulator.emulator.knobs);
    probe = inProcessProbe(emulator);
  });
  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    await emulator.close();
  });

  it('makes exactly the minimum GetMetricData, BatchGetTraces and StartQuery calls for one dashboard', async () => {
    const { calls, attempts, minimum, reportedCalls } = await measureDashboardCalls(freshGateway(), probe);

    expect(minimum.series).toBe(DEMO_STANDARD_SERIES);
    // Every service but the ALB (access logs in S3) and the API Gateway API (its logs are not found
    // by its name) has logs; all of them share one query over the union of their log groups,
    // instead of one query each.
    expect(minimum.perServiceLogQueries).toBe(DEMO_SERVICES - 2);
    expect(minimum.logQueries).toBe(1);
    expect(minimum.traceLists).toBe(DEMO_SERVICES);
    expect(minimum.traces).toBeGreaterThan(0);
    expect(minimum.GetMetricData).toBe(1);
    expect(minimum.BatchGetTraces).toBe(Math.ceil(minimum.traces / 5));

    expect(calls.GetMetricData).toBe(minimum.GetMetricData);
    expect(calls.BatchGetTraces).toBe(minimum.BatchGetTraces);
    expect(calls.StartQuery).toBe(minimum.StartQuery);
    // No retries hid extra work, and the response's own cost report agrees with what AWS saw.
    expect(attempts).toEqual(calls);
    expect(reportedCalls['cloudwatch:GetMetricData']).toBe(calls.GetMetricData);
    expect(reportedCalls['xray:BatchGetTraces']).toBe(calls.BatchGetTraces);
    expect(reportedCalls['logs:StartQuery']).toBe(calls.StartQuery);
  });

  it('costs the same GetMetricData, StartQuery and BatchGetTraces calls for 50 concurrent identical dashboards as for one', async () => {
    const one = await measureDashboardCalls(freshGateway(), probe);
    const fifty = await measureDashboardCalls(freshGateway(), probe, { viewers: 50 });

    expect(fifty.responses).toHaveLength(50);
    expect(fifty.calls.GetMetricData).toBe(one.calls.GetMetricData);
    expect(fifty.calls.StartQuery).toBe(one.calls.StartQuery);
    // The set of faulty traces may move on between the two runs (live demo data): compare with the
    // minimum of what the 50 were served, which one dashboard is shown above to cost exactly.
    expect(fifty.calls.BatchGetTraces).toBe(fifty.minimum.BatchGetTraces);
    expect(fifty.calls.GetMetricData).toBe(fifty.minimum.GetMetricData);
    expect(fifty.calls.StartQuery).toBe(fifty.minimum.StartQuery);
    // Every viewer got the same dashboard.
    const traceIds = (response: (typeof fifty.responses)[number]): string[] =>
      (response.data?.services as Array<{ traces: { traces: Array<{ id: string }> } }>).flatMap((service) => service.traces.traces.map((trace) => trace.id));
    for (const response of fifty.responses) expect(traceIds(response)).toEqual(traceIds(fifty.responses[0]!));
  });
});
