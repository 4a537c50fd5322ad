import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { RESOURCE_TYPE_REGISTRY } from '../../src/config/resource-types.ts';
import { seedDemoOrganisation, startDemoFeed, type DemoFacts, type DemoStores } from '../../src/emulator/demo-data.ts';
import {
  CROSS_TEAM_SECRETS,
  DEMO_CALL_GRAPH,
  DEMO_CLUSTER,
  DEMO_LOAD_BALANCER,
  DEMO_SERVICES,
  ECS_SERVICES,
  INCIDENT_DURATION_MS,
  INCIDENT_LEAD_MS,
  LAMBDA_FUNCTIONS,
  REFUND_CHECK_SLOT_MS,
} from '../../src/emulator/demo-organisation.ts';
import { traceSpanRecords } from '../../src/emulator/demo-span-records.ts';
import { LogStore } from '../../src/emulator/log-store.ts';
import { MetricStore, type MetricSeries } from '../../src/emulator/metric-store.ts';
import { TraceStore } from '../../src/emulator/trace-store.ts';

type Json = Record<string, unknown>;

const NOW = Date.parse('2026-11-25T11:22:00.000Z');
const TRACE_ID_IN_LINE = /1-[0-9a-f]{8}-[0-9a-f]{24}/;

function newStores(now: number): DemoStores {
  return { logs: new LogStore({ now: () => now }), metrics: new MetricStore(), traces: new TraceStore() };
}

/** A digest of everything in the stores, to compare two data sets. */
function digest(stores: DemoStores): string {
  const hash = createHash('sha256');
  for (const group of stores.logs.listLogGroups()) {
    hash.update(group.logGroupName);
    for (const event of group.events) hash.update(`${event.timestamp}|${event.logStreamName}|${event.message}\n`);
  }
  for (const series of stores.metrics.listSeries()) {
    hash.update(series.key);
    hash.update(series.timestamps.join(','));
    hash.update(series.values.join(','));
  }
  for (const record of stores.traces.records()) {
    for (const segment of stores.traces.getTrace(record.id)?.Segments ?? []) hash.update(segment.Document);
  }
  return hash.digest('hex');
}

function segmentsOf(stores: DemoStores, traceId: string): Json[] {
  return (stores.traces.getTrace(traceId)?.Segments ?? []).map((s) => JSON.parse(s.Document) as Json);
}

function walk(doc: Json, visit: (node: Json, parentId: string | undefined) => void, parentId?: string): void {
  visit(doc, parentId);
  for (const sub of (doc['subsegments'] as Json[] | undefined) ?? []) walk(sub, visit, doc['id'] as string);
}

function series(stores: DemoStores, namespace: string, name: string, dims: Array<[string, string]>): MetricSeries {
  const found = stores.metrics.getSeries(namespace, name, dims.map(([Name, Value]) => ({ Name, Value })));
  if (!found) throw new Error(`no series ${namespace} ${name} ${JSON.stringify(dims)}`);
  return found;
}

function valuesIn(s: MetricSeries, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.timestamps.length; i++) if ((s.timestamps[i] as number) >= from && (s.timestamps[i] as number) < to) out.push(s.values[i] as number);
  return out;
}
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

describe('demo organisation (24 h seeded at a fixed now)', () => {
  let stores: DemoStores;
  let facts: DemoFacts;

  // Seeding 24 h is CPU-bound (~20 s alone); on a shared two-core machine it can take far longer.
  beforeAll(() => {
    stores = newStores(NOW);
    facts = seedDemoOrganisation(stores, { now: NOW });
  }, 120_000);

  it('seeds 24 h and reports what it wrote (its speed is measured by the benchmark, not here)', () => {
    expect(facts.historyStart).toBe(NOW - 24 * 3_600_000);
    expect(facts.counts.logEvents).toBe(stores.logs.eventCount);
    expect(facts.counts.traces).toBe(stores.traces.size);
    expect(facts.counts.requests).toBeGreaterThan(20_000);
    expect(facts.counts.traces).toBeGreaterThan(2_000);
    expect(facts.cluster).toBe(DEMO_CLUSTER);
    expect(facts.loadBalancer).toBe(DEMO_LOAD_BALANCER);
  });

  it('describes at least 8 services covering every resource type, as TOML service configs', () => {
    expect(DEMO_SERVICES.length).toBeGreaterThanOrEqual(8);
    expect(new Set(DEMO_SERVICES.map((s) => s.resource_type))).toEqual(new Set(Object.keys(RESOURCE_TYPE_REGISTRY)));
    for (const service of DEMO_SERVICES) {
      expect(service.repo).toMatch(/^[\w-]+\/[\w-]+$/);
      for (const group of service.log_groups ?? []) expect(stores.logs.hasLogGroup(group)).toBe(true);
    }
  });

  it('puts the incident 35 minutes before start-up, 10 minutes long', () => {
    expect(facts.incident.start).toBe(NOW - INCIDENT_LEAD_MS);
    expect(facts.incident.end - facts.incident.start).toBe(INCIDENT_DURATION_MS);
    expect(facts.incidents.at(-1)).toEqual(facts.incident);
  });

  it('gives every ECS service logs in /ecs/<service> with streams named after it, CPU/memory metrics and traces', () => {
    for (const service of ECS_SERVICES) {
      const group = stores.logs.getLogGroup(`/ecs/${service}`);
      expect(group?.events.length, service).toBeGreaterThan(1000);
      for (const stream of group?.streams.keys() ?? []) {
        expect(stream).toMatch(new RegExp(`^ecs/${service}/[0-9a-f]{32}$`));
        // The gateway's default stream condition (the name as a whole segment) must not catch another service's streams.
        for (const other of ECS_SERVICES) if (other !== service) expect(stream.includes(other)).toBe(false);
      }
      for (const metric of ['CPUUtilization', 'MemoryUtilization']) {
        const s = series(stores, 'AWS/ECS', metric, [['ClusterName', DEMO_CLUSTER], ['ServiceName', service]]);
        expect(s.timestamps.length).toBe(24 * 60);
        expect(s.units.every((u) => u === 'Percent')).toBe(true);
        expect(s.values.every((v) => v > 0 && v <= 100)).toBe(true);
      }
      expect(stores.traces.records().some((r) => JSON.stringify(r.summary).includes(`"${service}"`))).toBe(true);
    }
  });

  it('mixes JSON and plain-text lines with all four levels, and trace ids only of stored traces', () => {
    const levels = new Set<string>();
    let json = 0;
    let plain = 0;
    let withTrace = 0;
    for (const group of stores.logs.listLogGroups()) {
      for (const event of group.events) {
        const level = /"level":"(DEBUG|INFO|WARN|ERROR)"|Z (DEBUG|INFO|WARN|ERROR) \[/.exec(event.message);
        if (level) levels.add((level[1] ?? level[2]) as string);
        if (event.message.startsWith('{')) json++;
        else if (/^\d{4}-\d\d-\d\dT[\d:.]+Z (DEBUG|INFO|WARN|ERROR) \[/.test(event.message)) plain++;
        const traceId = TRACE_ID_IN_LINE.exec(event.message)?.[0];
        // Requests still in flight at `now` have logged but not yet sent their segments.
        if (traceId && event.timestamp < NOW - 15_000) {
          withTrace++;
          expect(stores.traces.has(traceId), `${group.logGroupName}: ${event.message}`).toBe(true);
        }
      }
    }
    expect(levels).toEqual(new Set(['DEBUG', 'INFO', 'WARN', 'ERROR']));
    expect(json).toBeGreaterThan(10_000);
    expect(plain).toBeGreaterThan(10_000);
    expect(withTrace).toBeGreaterThan(5_000);
  });

  it('gives every Lambda function runtime logs in per-environment streams and its standard metrics', () => {
    for (const fn of LAMBDA_FUNCTIONS) {
      const group = stores.logs.getLogGroup(`/aws/lambda/${fn}`);
      expect(group, fn).toBeDefined();
      for (const stream of group?.streams.keys() ?? []) expect(stream).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
      const messages = group?.events.map((e) => e.message) ?? [];
      expect(messages.some((m) => m.startsWith('START RequestId: '))).toBe(true);
      expect(messages.some((m) => m.startsWith('END RequestId: '))).toBe(true);
      expect(messages.some((m) => /^REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: \d+ MB/.test(m))).toBe(true);
      expect(messages.some((m) => m.includes('Init Duration:'))).toBe(true);
      for (const metric of ['Invocations', 'Errors', 'Throttles', 'Duration']) {
        expect(series(stores, 'AWS/Lambda', metric, [['FunctionName', fn]]).timestamps.length, `${fn} ${metric}`).toBeGreaterThan(100);
      }
      expect(series(stores, 'AWS/Lambda', 'Duration', [['FunctionName', fn]]).units[0]).toBe('Milliseconds');
    }
    expect(sum(series(stores, 'AWS/Lambda', 'Errors', [['FunctionName', 'thumbnailer']]).values)).toBeGreaterThan(0);
  });

  it('gives orders-db PostgreSQL logs in its stream and the RDS metrics', () => {
    const group = stores.logs.getLogGroup('/aws/rds/instance/orders-db/postgresql');
    expect([...(group?.streams.keys() ?? [])]).toEqual(['orders-db']);
    const messages = group?.events.map((e) => e.message) ?? [];
    expect(messages.some((m) => /UTC::@:\[\d+\]:LOG: {2}checkpoint complete/.test(m))).toBe(true);
    expect(messages.some((m) => /orders_app@orders:\[\d+\]:LOG: {2}duration: [\d.]+ ms {2}execute/.test(m))).toBe(true);
    for (const metric of ['DatabaseConnections', 'WriteLatency', 'ReadLatency', 'CPUUtilization']) {
      expect(series(stores, 'AWS/RDS', metric, [['DBInstanceIdentifier', 'orders-db']]).timestamps.length).toBe(24 * 60);
    }
  });

  it('gives the ALB metrics only, with the LoadBalancer dimension', () => {
    const lb: Array<[string, string]> = [['LoadBalancer', DEMO_LOAD_BALANCER]];
    const requests = series(stores, 'AWS/ApplicationELB', 'RequestCount', lb);
    expect(requests.timestamps.length).toBe(24 * 60);
    // RequestCount agrees with the simulated edge traffic: target responses plus ALB rejections.
    const codes = ['HTTPCode_Target_2XX_Count', 'HTTPCode_Target_4XX_Count', 'HTTPCode_Target_5XX_Count', 'HTTPCode_ELB_5XX_Count'];
    const byCode = sum(codes.map((c) => sum(series(stores, 'AWS/ApplicationELB', c, lb).values)));
    expect(sum(requests.values)).toBe(byCode);
    expect(series(stores, 'AWS/ApplicationELB', 'TargetResponseTime', lb).units[0]).toBe('Seconds');
  });

  it('shows the incident: an ERROR burst in payments-api whose trace ids are faulty traces', () => {
    const group = stores.logs.getLogGroup('/ecs/payments-api');
    const { start, end } = facts.incident;
    const errorsIn = (from: number, to: number) => (group?.events ?? []).filter((e) => e.timestamp >= from && e.timestamp < to && / ERROR \[/.test(e.message));
    const during = errorsIn(start, end);
    const before = errorsIn(start - 3_600_000, end - 3_600_000);
    const throttled = during.filter((e) => e.message.includes('ProvisionedThroughputExceededException'));
    expect(throttled.length).toBeGreaterThanOrEqual(10);
    // The everyday Stripe timeouts go on meanwhile, few next to the burst.
    for (const event of during) if (!throttled.includes(event)) expect(event.message).toContain('charge failed: StripeConnectionError');
    expect(before.length).toBeLessThan(during.length / 5);
    for (const event of throttled) {
      const traceId = TRACE_ID_IN_LINE.exec(event.message)?.[0];
      expect(traceId, event.message).toBeDefined();
      const segments = segmentsOf(stores, traceId as string);
      const payments = segments.find((s) => s['name'] === 'payments-api');
      expect(payments?.['fault']).toBe(true);
      const exceptions = (payments?.['cause'] as Json | undefined)?.['exceptions'] as Json[] | undefined;
      expect(exceptions?.[0]?.['type']).toBe('ProvisionedThroughputExceededException');
      const ddb = ((payments?.['subsegments'] as Json[]) ?? []).find((s) => s['namespace'] === 'aws' && (s['aws'] as Json)['operation'] === 'PutItem');
      expect(ddb?.['throttle']).toBe(true);
      expect((ddb?.['cause'] as Json | undefined)?.['exceptions']).toHaveLength(1);
      const inferred = segments.find((s) => s['inferred'] === true && s['parent_id'] === ddb?.['id']);
      expect(inferred?.['origin']).toBe('AWS::DynamoDB::Table');
      expect(inferred?.['name']).toBe('payments-ledger');
    }
    expect(facts.incidentTraceIds.length).toBeGreaterThanOrEqual(10);
    for (const id of facts.incidentTraceIds) expect(stores.traces.getRecord(id)?.summary['HasFault']).toBe(true);
  });

  it('shows the incident in the metrics: latency spike, 5XX up, payments CPU up', () => {
    const lb: Array<[string, string]> = [['LoadBalancer', DEMO_LOAD_BALANCER]];
    const { start, end } = facts.incident;
    const hourBefore = [start - 3_600_000, end - 3_600_000] as const;
    const latency = series(stores, 'AWS/ApplicationELB', 'TargetResponseTime', lb);
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const p99 = (values: number[]) => sorted(values)[Math.floor(values.length * 0.99)] as number;
    expect(p99(valuesIn(latency, start, end))).toBeGreaterThan(4 * p99(valuesIn(latency, ...hourBefore)));
    for (const code of ['HTTPCode_Target_5XX_Count', 'HTTPCode_ELB_5XX_Count']) {
      const s = series(stores, 'AWS/ApplicationELB', code, lb);
      expect(sum(valuesIn(s, start, end)), code).toBeGreaterThan(3 * Math.max(1, sum(valuesIn(s, ...hourBefore))));
    }
    const cpu = series(stores, 'AWS/ECS', 'CPUUtilization', [['ClusterName', DEMO_CLUSTER], ['ServiceName', 'payments-api']]);
    expect(mean(valuesIn(cpu, start + 120_000, end - 120_000))).toBeGreaterThan(mean(valuesIn(cpu, ...hourBefore)) + 10);
  });

  it('has payments-api ERROR lines in every 15 minutes of the day, each with its faulty trace (Stripe timeouts)', () => {
    const errors = (stores.logs.getLogGroup('/ecs/payments-api')?.events ?? []).filter((e) => / ERROR \[/.test(e.message));
    const times = [facts.historyStart, ...errors.map((e) => e.timestamp), NOW];
    for (let i = 1; i < times.length; i++) expect((times[i] as number) - (times[i - 1] as number), new Date(times[i - 1] as number).toISOString()).toBeLessThan(15 * 60_000);
    const timeouts = errors.filter((e) => e.message.includes('charge failed: StripeConnectionError: Request aborted due to timeout being reached (2500ms)'));
    // One per 5-minute slot, 288 a day: a small error rate outside the incident.
    expect(timeouts.length).toBeGreaterThanOrEqual(24 * 12 - 1);
    expect(timeouts.length).toBeLessThanOrEqual(24 * 12 + 1);
    for (const event of timeouts) {
      const traceId = TRACE_ID_IN_LINE.exec(event.message)?.[0];
      if (event.timestamp >= NOW - 15_000) continue;
      expect(traceId, event.message).toBeDefined();
      const segments = segmentsOf(stores, traceId as string);
      const payments = segments.find((s) => s['name'] === 'payments-api') as Json;
      expect(payments['fault']).toBe(true);
      expect(((payments['http'] as Json)['response'] as Json)['status']).toBe(504);
      expect((payments['end_time'] as number) - (payments['start_time'] as number)).toBeGreaterThan(2.5);
      const stripe = (payments['subsegments'] as Json[]).find((s) => s['name'] === 'api.stripe.com') as Json;
      expect(stripe['fault']).toBe(true);
      expect(((stripe['cause'] as Json)['exceptions'] as Json[])[0]?.['type']).toBe('StripeConnectionError');
      const checkout = segments.find((s) => s['name'] === 'checkout-web') as Json;
      expect(((checkout['http'] as Json)['response'] as Json)['status']).toBe(502);
    }
  });

  it('has checkout-web WARN or ERROR lines at most 20 s apart all day (bots: probes and a rate-limited scraper)', () => {
    const problems = (stores.logs.getLogGroup('/ecs/checkout-web')?.events ?? []).filter((e) => / (WARN|ERROR) \[/.test(e.message));
    const times = [facts.historyStart, ...problems.map((e) => e.timestamp), NOW];
    let widest = 0;
    for (let i = 1; i < times.length; i++) widest = Math.max(widest, (times[i] as number) - (times[i - 1] as number));
    expect(widest).toBeLessThanOrEqual(20_000);
    expect(problems.some((e) => / WARN \[ratelimit\] rate limit exceeded, answering 429 /.test(e.message))).toBe(true);
    expect(problems.some((e) => / WARN \[http\] no route for probe path=\//.test(e.message))).toBe(true);
    expect(problems.some((e) => / ERROR \[checkout\] payment failed: payments-api responded 504 /.test(e.message))).toBe(true);
  });

  it('stores well-formed trace trees: one root, every parent_id resolves, ids and times as X-Ray has them', () => {
    let checked = 0;
    for (const record of stores.traces.records()) {
      expect(record.id).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
      const segments = segmentsOf(stores, record.id);
      const ids = new Set<string>();
      for (const segment of segments) walk(segment, (node) => ids.add(node['id'] as string));
      const roots = segments.filter((s) => s['parent_id'] === undefined);
      expect(roots, record.id).toHaveLength(1);
      for (const segment of segments) {
        expect(segment['trace_id']).toBe(record.id);
        if (segment['parent_id'] !== undefined) expect(ids.has(segment['parent_id'] as string), `${record.id} ${String(segment['name'])}`).toBe(true);
        walk(segment, (node) => {
          expect(node['id']).toMatch(/^[0-9a-f]{16}$/);
          expect(node['end_time'] as number).toBeGreaterThanOrEqual(node['start_time'] as number);
        });
      }
      // Trace id epoch = the root's start second.
      expect(Number.parseInt(record.id.slice(2, 10), 16)).toBe(Math.floor(roots[0]?.['start_time'] as number));
      checked++;
    }
    expect(checked).toBe(facts.counts.traces);
    expect(ids(stores).size).toBe(facts.counts.segments);
  });

  it('has exactly the edges of DEMO_CALL_GRAPH in its traces', () => {
    const edges = new Set<string>();
    for (const record of stores.traces.records()) {
      const segments = segmentsOf(stores, record.id);
      const owner = new Map<string, string>();
      const parents = new Set(segments.map((s) => s['parent_id'] as string | undefined).filter((id) => id !== undefined));
      for (const segment of segments) walk(segment, (node) => owner.set(node['id'] as string, segment['name'] as string));
      for (const segment of segments) {
        const parentId = segment['parent_id'] as string | undefined;
        if (parentId !== undefined && owner.get(parentId) !== segment['name']) edges.add(`${owner.get(parentId)} -> ${String(segment['name'])}`);
        walk(segment, (node) => {
          if (node !== segment && node['namespace'] !== undefined && !parents.has(node['id'] as string)) edges.add(`${String(segment['name'])} -> ${String(node['name'])}`);
        });
      }
    }
    expect([...edges].sort()).toEqual(DEMO_CALL_GRAPH.map((e) => `${e.from} -> ${e.to}`).sort());
  });

  it('links services the way the call graph says (HTTP, AWS SDK, SQL, async Lambda)', () => {
    const checkout = segmentsOf(stores, facts.exampleTraceIds.checkout as string);
    const names = new Set(checkout.map((s) => `${String(s['name'])}|${String(s['origin'])}`));
    for (const expected of [
      'checkout-web|AWS::ECS::Container',
      'payments-api|AWS::ECS::Container',
      'orders-service|AWS::ECS::Container',
      'inventory-service|AWS::ECS::Container',
      'payments-ledger|AWS::DynamoDB::Table',
      'email-sender|AWS::Lambda',
      'email-sender|AWS::Lambda::Function',
    ]) expect(names.has(expected), expected).toBe(true);
    const orders = checkout.find((s) => s['name'] === 'orders-service') as Json;
    const sql = (orders['subsegments'] as Json[]).filter((s) => s['sql'] !== undefined);
    expect(sql.length).toBeGreaterThan(0);
    expect((sql[0]?.['sql'] as Json)['database_type']).toBe('PostgreSQL');
    expect((sql[0]?.['sql'] as Json)['sanitized_query']).toMatch(/^INSERT INTO orders/);
    const thumbnail = segmentsOf(stores, facts.exampleTraceIds.thumbnailer as string);
    expect(thumbnail.find((s) => s['origin'] === 'AWS::Lambda')?.['parent_id']).toBeUndefined();
  });

  it('crosses teams every 10 minutes: a sampled refund trace whose storefront and orders spans and lines carry the planted secrets, payments-api\'s none', () => {
    const ids = facts.crossTeamTraceIds;
    // One per 10-minute slot of the 24 h (the first and last slots may fall outside).
    expect(ids.length).toBeGreaterThanOrEqual((24 * 3_600_000) / REFUND_CHECK_SLOT_MS - 2);
    const starts = ids.map((id) => Number.parseInt(id.slice(2, 10), 16) * 1000);
    for (let k = 1; k < starts.length; k++) expect(starts[k]! - starts[k - 1]!).toBeLessThan(2 * REFUND_CHECK_SLOT_MS);
    expect(NOW - starts.at(-1)!).toBeLessThan(REFUND_CHECK_SLOT_MS + 60_000);
    const secrets = Object.values(CROSS_TEAM_SECRETS);
    const linesByTrace = new Map<string, Array<{ group: string; message: string }>>();
    for (const group of stores.logs.listLogGroups()) {
      for (const event of group.events) {
        const id = TRACE_ID_IN_LINE.exec(event.message)?.[0];
        if (id && ids.includes(id)) linesByTrace.set(id, [...(linesByTrace.get(id) ?? []), { group: group.logGroupName, message: event.message }]);
        // The secrets occur only in the refund traces' lines.
        if (!id || !ids.includes(id)) for (const secret of secrets) expect(event.message).not.toContain(secret);
      }
    }
    for (const id of ids.slice(0, -1)) {
      const segments = segmentsOf(stores, id);
      const byService = (name: string) => JSON.stringify(segments.filter((segment) => segment['name'] === name));
      expect(segments.map((segment) => segment['name'])).toEqual(['checkout-web', 'payments-api', 'orders-service']);
      expect(byService('checkout-web')).toContain(CROSS_TEAM_SECRETS.url);
      for (const secret of [CROSS_TEAM_SECRETS.sql, CROSS_TEAM_SECRETS.exception, CROSS_TEAM_SECRETS.annotation, CROSS_TEAM_SECRETS.metadata]) expect(byService('orders-service')).toContain(secret);
      for (const secret of secrets) expect(byService('payments-api')).not.toContain(secret);
      const orders = segments.find((segment) => segment['name'] === 'orders-service') as Json;
      expect(orders).toMatchObject({ error: true, http: { response: { status: 409 } } });
      // The same in aws/spans: every secret in other services' records, none in payments-api's.
      const records = traceSpanRecords(id, segments).map((record) => JSON.parse(record.message) as Json);
      const recordsOf = (name: string) => JSON.stringify(records.filter((record) => (record['attributes'] as Json)['aws.local.service'] === name));
      for (const secret of secrets.filter((secret) => secret !== CROSS_TEAM_SECRETS.log)) expect(recordsOf('checkout-web') + recordsOf('orders-service')).toContain(secret);
      for (const secret of secrets) expect(recordsOf('payments-api')).not.toContain(secret);
      // A line of the orders team carries the trace id and the log secret; payments-api's lines none.
      const lines = linesByTrace.get(id) ?? [];
      expect(lines.some((line) => line.group === '/ecs/orders-service' && line.message.includes(CROSS_TEAM_SECRETS.log))).toBe(true);
      for (const line of lines.filter((line) => line.group === '/ecs/payments-api')) for (const secret of secrets) expect(line.message).not.toContain(secret);
      expect(lines.filter((line) => line.group === '/ecs/payments-api').length).toBeGreaterThan(0);
    }
  });
});

function ids(stores: DemoStores): Set<string> {
  const out = new Set<string>();
  for (const record of stores.traces.records()) for (const s of stores.traces.getTrace(record.id)?.Segments ?? []) out.add(`${record.id}/${s.Id}`);
  return out;
}

describe('demo determinism and the live feed', () => {
  it('seeds what a demo started earlier holds by now: the same as seeding at its start and feeding since', () => {
    const later = NOW + 3_600_000;
    const fed = newStores(later);
    seedDemoOrganisation(fed, { now: NOW, historyHours: 1 });
    let clock = NOW;
    const feed = startDemoFeed(fed, { now: () => clock, startedAt: NOW, intervalMs: 60_000 });
    for (; clock < later; ) {
      clock = Math.min(later, clock + 7 * 60_000);
      feed.tick();
    }
    feed.stop();
    const seeded = newStores(later);
    const facts = seedDemoOrganisation(seeded, { now: later, startedAt: NOW, historyHours: 2 });
    expect(digest(seeded)).toBe(digest(fed));
    expect(facts.startedAt).toBe(NOW);
    expect(facts.incident.start).toBe(NOW - INCIDENT_LEAD_MS);
    // A day later, the latest incident is the day's recurrence, still before `now`.
    const nextDay = seedDemoOrganisation(newStores(NOW + 86_400_000), { now: NOW + 86_400_000, startedAt: NOW - 3_600_000, historyHours: 1 });
    expect(nextDay.incident.start).toBe(NOW - 3_600_000 - INCIDENT_LEAD_MS + 86_400_000);
    expect(() => seedDemoOrganisation(newStores(NOW), { now: NOW, startedAt: NOW + 1 })).toThrow(RangeError);
  });

  it('gives identical data for the same (seed, now), different data for another seed', () => {
    const a = newStores(NOW);
    const b = newStores(NOW);
    const c = newStores(NOW);
    seedDemoOrganisation(a, { now: NOW, historyHours: 1 });
    seedDemoOrganisation(b, { now: NOW, historyHours: 1 });
    seedDemoOrganisation(c, { now: NOW, historyHours: 1, seed: 7 });
    expect(digest(a)).toBe(digest(b));
    expect(digest(a)).not.toBe(digest(c));
  });

  it('continues where the seeding stopped, the same however the feed is chunked', () => {
    let clock = NOW;
    const run = (steps: number[]): DemoStores => {
      const stores = newStores(NOW);
      seedDemoOrganisation(stores, { now: NOW, historyHours: 1 });
      clock = NOW;
      const feed = startDemoFeed(stores, { now: () => clock, startedAt: NOW, intervalMs: 60_000 });
      for (const step of steps) {
        clock += step;
        feed.tick();
      }
      feed.stop();
      return stores;
    };
    const fine = run([1000, 1000, 17_000, 41_000, 120_000, 999, 59_001]);
    const coarse = run([240_000]);
    expect(digest(fine)).toBe(digest(coarse));

    // "last 5m" and a live tail have something to show.
    const group = fine.logs.getLogGroup('/ecs/checkout-web');
    const recent = group?.events.filter((e) => e.timestamp >= NOW + 180_000) ?? [];
    expect(recent.length).toBeGreaterThan(3);
    const cpu = fine.metrics.getSeries('AWS/ECS', 'CPUUtilization', [
      { Name: 'ClusterName', Value: DEMO_CLUSTER },
      { Name: 'ServiceName', Value: 'payments-api' },
    ]);
    expect(cpu?.timestamps.at(-1)).toBeGreaterThanOrEqual(Math.floor(NOW / 60_000) * 60_000 + 120_000);
    expect(fine.traces.records().some((r) => r.startTime * 1000 > NOW)).toBe(true);
    // Within seconds of any moment, the tail of checkout-web's problems has a line to show.
    const problems = group?.events.filter((e) => e.timestamp >= NOW && / (WARN|ERROR) \[/.test(e.message)) ?? [];
    expect(problems.length).toBeGreaterThanOrEqual(12);
    // Log events stay in time order per group (the feed only ever appends).
    for (const g of fine.logs.listLogGroups()) for (let i = 1; i < g.timestamps.length; i++) expect(g.timestamps[i]).toBeGreaterThanOrEqual(g.timestamps[i - 1] as number);
  });
});
