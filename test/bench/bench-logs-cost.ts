// Section 5 of `npm run bench`: the Logs Insights cost engine measured side by side, in one run,
// against the per-service way (logs.batch = false, one query per service, as before batching):
// StartQuery and bytes scanned per dashboard, a 100-service logs request, a refresh 30 s after a
// cold "last 1h" dashboard, 3 replicas x 50 viewers, and the lines of many traces (Trace.logs) in
// one request, batched vs one query per trace.
import { clusterTraceWindows } from '../../src/aws/trace-logs-batch.ts';
import { TRACE_LOG_MARGIN_MS } from '../../src/loaders/logs/logs-loader.ts';
import { createBenchGateway, BENCH_TOML, discoveryToml, errorsOf, postOverHttp, type BenchGateway, type GraphQLPayload } from './bench-gateway.ts';
import { criticalPathOf } from './bench-latencies.ts';
import { countsOf, dashboardRequest, measureDashboardCalls, type OperationCalls } from './dashboard-calls.ts';
import type { EmulatorProbe } from './emulator-probe.ts';
import type { ResultRow } from './results-table.ts';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { configFromToml } from '../support/test-gateway.ts';

const SECTION = '6. Logs Insights cost (batched vs per service)';
const PER_SERVICE_TOML = `${BENCH_TOML}\n[logs]\nbatch = false\n`;
const MANY_SERVICES = 100;
const REPLICAS = 3;
const VIEWERS = 50;
const REFRESH_AFTER_MS = 30_000;
const BASES = ['checkout-web', 'payments-api', 'orders-service', 'inventory-service', 'public-alb', 'thumbnailer', 'email-sender', 'orders-db'];

const ratio = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : '∞');
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
const costOf = (payload: GraphQLPayload | undefined): { bytes: number; startQuery: number } => {
  const cost = payload?.extensions?.cost as { logsBytesScanned?: number; calls?: Record<string, { calls: number }> } | undefined;
  return { bytes: cost?.logsBytesScanned ?? 0, startQuery: cost?.calls?.['logs:StartQuery']?.calls ?? 0 };
};

interface ServiceLogs {
  name: string;
  logs?: { events: Array<{ timestamp: string; message: string }>; truncated?: boolean } | null;
}
const logsOf = (payload: GraphQLPayload): string =>
  JSON.stringify(((payload.data?.services ?? []) as ServiceLogs[]).map((service) => [service.name, service.logs?.events.map((event) => `${event.timestamp} ${event.message}`) ?? null]));

/** Distinct (window, filter, log-group set) groups of a dashboard response: the issue's StartQuery target. */
function distinctGroupSets(payload: GraphQLPayload): number {
  const sets = new Set<string>();
  for (const service of (payload.data?.services ?? []) as Array<{ logs?: { logGroups?: string[] } | null }>) {
    if (service.logs?.logGroups?.length) sets.add(JSON.stringify([...service.logs.logGroups].sort()));
  }
  return sets.size;
}

export async function measureLogsCost(emulator: EmulatorProbe, fail: (message: string) => void, notes: string[]): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const check = (what: string, payloads: readonly GraphQLPayload[]): void => {
    const errors = errorsOf(payloads);
    if (errors.length > 0) fail(`${what}: ${errors.length} GraphQL error(s): ${errors[0]!.message}`);
  };
  const withGateway = async <T>(toml: string, run: (gateway: BenchGateway) => Promise<T>, options: { now?: () => number } = {}): Promise<T> => {
    const gateway = createBenchGateway(emulator.url, toml, options);
    try {
      return await run(gateway);
    } finally {
      await gateway.close();
    }
  };

  // --- the demo dashboard, cold ----------------------------------------------------------------------
  const batched = await withGateway(BENCH_TOML, (gateway) => measureDashboardCalls(gateway, emulator));
  const perService = await withGateway(PER_SERVICE_TOML, (gateway) => measureDashboardCalls(gateway, emulator));
  check('cost: batched dashboard', batched.responses);
  check('cost: per-service dashboard', perService.responses);
  const groupSets = distinctGroupSets(batched.responses[0]!);
  const b = costOf(batched.responses[0]);
  const p = costOf(perService.responses[0]);
  rows.push({
    section: SECTION,
    gate: true,
    measure: `StartQuery per demo dashboard, batched vs per service (distinct (window, filter, log-group set) groups: ${groupSets}; one query per 50 groups of the union: ${batched.minimum.logQueries})`,
    value: `${batched.calls.StartQuery} vs ${perService.calls.StartQuery}`,
    target: `≤ ${groupSets}`,
    ok: batched.calls.StartQuery <= groupSets,
  });
  rows.push({
    section: SECTION,
    gate: true,
    measure: 'Logs Insights bytes scanned per demo dashboard, batched / per service',
    value: `${mb(b.bytes)} / ${mb(p.bytes)} = ${ratio(b.bytes / p.bytes)}`,
    target: '≤ 0.33',
    ok: b.bytes / p.bytes <= 1 / 3,
  });
  if (logsOf(batched.responses[0]!) !== logsOf(perService.responses[0]!)) notes.push('Demo dashboard: the batched and per-service logs differ (the live demo feed moved between the two runs).');

  // --- 100 services' ERROR logs in one request --------------------------------------------------------
  const names = Array.from({ length: MANY_SERVICES }, (_, i) => (i < BASES.length ? BASES[i]! : `${BASES[i % BASES.length]!}-${Math.floor(i / BASES.length)}`));
  const manyQuery = {
    query: `query ManyServiceLogs($names: [String!]) { services(names: $names) { name logs(range: { last: "1h" }, filter: { levels: [ERROR] }, limit: 50) { status truncated events { timestamp message } } } }`,
    variables: { names },
  };
  // The profile lists all 100 (the 8 demo services and 92 more on the same log groups, found by name).
  const listed = (toml: string): string =>
    `${toml}\n${names.slice(BASES.length).map((name) => `[profiles.demo.services.${name}]\nresource_type = "custom"\n`).join('\n')}`;
  const many = async (toml: string): Promise<{ ms: number; calls: OperationCalls; payload: GraphQLPayload }> =>
    withGateway(toml, async (gateway) => {
      const url = await gateway.http();
      await postOverHttp(url, { query: '{ services { name } }' });
      await emulator.reset();
      const response = await postOverHttp(url, manyQuery, { signal: AbortSignal.timeout(60_000) });
      check(`cost: ${MANY_SERVICES} services' logs`, response.payloads);
      return { ms: response.lastPayloadMs, calls: countsOf(await emulator.counters()), payload: response.payloads[0]! };
    });
  const manyBatched = await many(listed(discoveryToml()));
  const manyPerService = await many(listed(discoveryToml().replace('[profiles.demo]\n', '[logs]\nbatch = false\n\n[profiles.demo]\n')));
  const onePath = criticalPathOf({ StartQuery: 1, GetQueryResults: 1, DescribeLogGroups: manyBatched.calls.DescribeLogGroups }).ms;
  rows.push({
    section: SECTION,
    gate: true,
    measure: `${MANY_SERVICES} services' ERROR logs in one request (8 demo + ${MANY_SERVICES - 8} more listed in the profile, on the same log groups): StartQuery, batched vs per service`,
    value: `${manyBatched.calls.StartQuery} vs ${manyPerService.calls.StartQuery}`,
    target: '≤ 3',
    ok: manyBatched.calls.StartQuery <= 3,
  });
  rows.push({
    section: SECTION,
    measure: `same request: latency / one query's critical path (${onePath} ms), batched vs per service`,
    value: `${Math.round(manyBatched.ms)} ms = ${ratio(manyBatched.ms / onePath)} vs ${Math.round(manyPerService.ms)} ms = ${ratio(manyPerService.ms / onePath)}`,
    target: 'batched ≤ 1.30',
    ok: manyBatched.ms / onePath <= 1.3,
  });
  if (logsOf(manyBatched.payload) !== logsOf(manyPerService.payload)) notes.push(`${MANY_SERVICES} services: the batched and per-service answers differ (the live demo feed moved during the ${Math.round(manyPerService.ms / 1000)} s per-service run).`);

  // --- the lines of many traces (Trace.logs) in one request --------------------------------------------
  // Both runs at one fixed clock, so both ask the same windows (a trace's window ends at now at most).
  const tracesNow = Date.now() - 15_000;
  const traceLogsQuery = {
    query: `{ services(names: ["checkout-web", "payments-api", "inventory-service", "orders-service"]) { name traces(range: { last: "1h" }, filter: { fault: true }, limit: 5) { traces { id startTime durationMs logs(limit: 20) { truncated logGroups events { timestamp logGroup message } } } } } }`,
  };
  interface TraceLines {
    id: string;
    startTime: string;
    durationMs: number | null;
    logs: { truncated: boolean; logGroups: string[]; events: unknown[] } | null;
  }
  const tracesIn = (payload: GraphQLPayload): TraceLines[] => ((payload.data?.services ?? []) as Array<{ traces?: { traces: TraceLines[] } | null }>).flatMap((service) => service.traces?.traces ?? []);
  const traceLogs = (toml: string): Promise<{ payload: GraphQLPayload; calls: OperationCalls }> =>
    withGateway(
      toml,
      async (gateway) => {
        await emulator.reset();
        const payload = await gateway.execute(traceLogsQuery);
        check('cost: Trace.logs of many traces', [payload]);
        return { payload, calls: countsOf(await emulator.counters()) };
      },
      { now: () => tracesNow },
    );
  const traceLogsBatched = await traceLogs(BENCH_TOML);
  const traceLogsPerTrace = await traceLogs(PER_SERVICE_TOML);
  const distinctTraces = new Map(tracesIn(traceLogsBatched.payload).map((trace) => [trace.id, trace]));
  const windowsByGroups = new Map<string, Array<{ startMs: number; endMs: number }>>();
  for (const trace of distinctTraces.values()) {
    const start = Date.parse(trace.startTime);
    const key = JSON.stringify(trace.logs?.logGroups ?? []);
    windowsByGroups.set(key, [...(windowsByGroups.get(key) ?? []), { startMs: start - TRACE_LOG_MARGIN_MS, endMs: Math.min(tracesNow, start + (trace.durationMs ?? 0) + TRACE_LOG_MARGIN_MS) }]);
  }
  const traceClusters = [...windowsByGroups.values()].reduce((sum, windows) => sum + clusterTraceWindows(windows).length, 0);
  const linesOf = (payload: GraphQLPayload): string => JSON.stringify(Object.fromEntries(tracesIn(payload).map((trace) => [trace.id, trace.logs])));
  const sameTraceLines = linesOf(traceLogsBatched.payload) === linesOf(traceLogsPerTrace.payload);
  rows.push({
    section: SECTION,
    gate: true,
    measure: `Trace.logs of the faulty traces of 4 services' lists in one request (${distinctTraces.size} distinct traces; windows of close traces over the same groups merged: ${traceClusters} queries): StartQuery, batched vs per trace; answers`,
    value: `${traceLogsBatched.calls.StartQuery} vs ${traceLogsPerTrace.calls.StartQuery}; ${sameTraceLines ? 'same answers' : 'answers DIFFER'}`,
    target: `≤ ${traceClusters}; same answers`,
    ok: traceLogsBatched.calls.StartQuery <= traceClusters && sameTraceLines,
  });
  if (!sameTraceLines) fail('Trace.logs: the batched answers differ from one query per trace');

  // --- a refresh 30 s after a cold "last 1h" dashboard --------------------------------------------------
  // The requests' clock is set: the cold dashboard at t0, the refresh at t0 + 30 s (both in the past,
  // so the demo data of both windows is already written).
  const t0 = Date.now() - REFRESH_AFTER_MS - 15_000;
  const refreshOf = async (toml: string): Promise<{ cold: GraphQLPayload; refresh: GraphQLPayload; coldCalls: OperationCalls; refreshCalls: OperationCalls }> => {
    let now = t0;
    return withGateway(
      toml,
      async (gateway) => {
        await emulator.reset();
        const cold = await gateway.execute(dashboardRequest());
        const coldCalls = countsOf(await emulator.counters());
        now = t0 + REFRESH_AFTER_MS;
        await emulator.reset();
        const refresh = await gateway.execute(dashboardRequest());
        const refreshCalls = countsOf(await emulator.counters());
        check('cost: refresh', [cold, refresh]);
        return { cold, refresh, coldCalls, refreshCalls };
      },
      { now: () => now },
    );
  };
  const refreshBatched = await refreshOf(BENCH_TOML);
  const refreshPerService = await refreshOf(PER_SERVICE_TOML);
  const rb = { cold: costOf(refreshBatched.cold).bytes, refresh: costOf(refreshBatched.refresh).bytes };
  const rp = { cold: costOf(refreshPerService.cold).bytes, refresh: costOf(refreshPerService.refresh).bytes };
  const sameAnswers = logsOf(refreshBatched.refresh) === logsOf(refreshPerService.refresh);
  const logCalls = (calls: OperationCalls): string => `${calls.StartQuery} StartQuery + ${calls.GetQueryResults} GetQueryResults`;
  rows.push({
    section: SECTION,
    gate: true,
    measure: `refresh ${REFRESH_AFTER_MS / 1000} s after a cold "last 1h" dashboard: bytes scanned refresh / cold, batched (incremental, settle margin ${configFromToml(BENCH_TOML).logs.ingestion_settle / 1000} s) vs per service`,
    value: `${mb(rb.refresh)} / ${mb(rb.cold)} = ${ratio(rb.refresh / rb.cold)} vs ${mb(rp.refresh)} / ${mb(rp.cold)} = ${ratio(rp.refresh / rp.cold)}`,
    target: 'batched ≤ 0.15',
    ok: rb.refresh / rb.cold <= 0.15,
  });
  rows.push({
    section: SECTION,
    gate: true,
    measure: 'same refresh: Logs Insights calls, batched vs per service; logs equal to the per-service answers',
    value: `${logCalls(refreshBatched.refreshCalls)} vs ${logCalls(refreshPerService.refreshCalls)}; ${sameAnswers ? 'same answers' : 'answers DIFFER'}`,
    target: 'same answers',
    ok: sameAnswers,
  });
  if (!sameAnswers) fail('refresh: the incremental answers differ from the per-service answers of the same window');

  // --- 3 replicas x 50 viewers ---------------------------------------------------------------------------
  // Compared with one viewer of one gateway (the cold dashboards above, same config otherwise).
  const replicas = async (toml: string): Promise<OperationCalls> => {
    const gateways = Array.from({ length: REPLICAS }, () => createBenchGateway(emulator.url, toml));
    try {
      await emulator.reset();
      const responses = await Promise.all(gateways.flatMap((gateway) => Array.from({ length: VIEWERS }, () => gateway.execute(dashboardRequest()))));
      check(`cost: ${REPLICAS} replicas x ${VIEWERS} viewers`, responses);
      return countsOf(await emulator.counters());
    } finally {
      for (const gateway of gateways) await gateway.close();
    }
  };
  const logCallsOf = (calls: OperationCalls): string => `${calls.StartQuery} StartQuery, ${calls.GetQueryResults} GetQueryResults`;
  const replicaBatched = await replicas(BENCH_TOML);
  const replicaPerService = await replicas(PER_SERVICE_TOML);
  rows.push({
    section: SECTION,
    measure: `${REPLICAS} replicas x ${VIEWERS} viewers at once, no REDIS_URL (each replica shares its own in-flight queries): Logs Insights calls / those of 1 viewer, batched vs per service`,
    value: `${logCallsOf(replicaBatched)} / ${logCallsOf(batched.calls)} vs ${logCallsOf(replicaPerService)} / ${logCallsOf(perService.calls)}`,
    target: `StartQuery ≤ ${REPLICAS} x 1 viewer`,
    ok: replicaBatched.StartQuery <= REPLICAS * batched.calls.StartQuery,
  });
  let redis: TestRedis | undefined;
  try {
    redis = await startTestRedis();
  } catch (error) {
    notes.push(`${REPLICAS} replicas with REDIS_URL not measured: ${(error as Error).message}.`);
  }
  if (redis) {
    let replicaRedis: OperationCalls;
    try {
      // A fresh Redis: nothing from the runs above.
      replicaRedis = await replicas(BENCH_TOML.replace('[server]\n', `[server]\nredis_url = "${redis.url}"\n`));
    } finally {
      await redis.stop();
    }
    rows.push({
      section: SECTION,
      measure: `${REPLICAS} replicas x ${VIEWERS} viewers at once with REDIS_URL (answers, refresh state and in-flight merged queries shared by the replicas): Logs Insights calls / those of 1 viewer, batched`,
      value: `${logCallsOf(replicaRedis)} / ${logCallsOf(batched.calls)}`,
      target: 'StartQuery = 1 viewer',
      ok: replicaRedis.StartQuery <= batched.calls.StartQuery,
    });
  }
  notes.push(
    `Logs cost: cold demo dashboard ${batched.calls.StartQuery} StartQuery / ${mb(b.bytes)} batched vs ${perService.calls.StartQuery} / ${mb(p.bytes)} per service; refresh calls batched ${logCalls(refreshBatched.refreshCalls)} (cold ${logCalls(refreshBatched.coldCalls)}).`,
  );
  return rows;
}
