// CloudWatch metrics of the demo organisation, one minute at a time, derived from that minute's
// simulated requests (so the ALB's 5XX count, Lambda's Duration and the logs tell the same story)
// plus resource-level signals (CPU, memory, database I/O) with a daily shape and noise.
import {
  DEMO_CLUSTER,
  DEMO_LOAD_BALANCER,
  DEMO_TARGET_GROUP,
  ECS_SERVICES,
  LAMBDA_FUNCTIONS,
  PARTNER_API,
  RDS_INSTANCE,
  dailyLoad,
  incidentIntensity,
  type EcsServiceName,
  type LambdaFunctionName,
} from './demo-organisation.ts';
import type { MetricStore } from './metric-store.ts';
import { backgroundRandom, type MinuteTraffic, type TrafficSetup } from './demo-traffic.ts';

type Dimensions = Array<{ Name: string; Value: string }>;

interface PendingSeries {
  namespace: string;
  metricName: string;
  dimensions: Dimensions;
  unit: string;
  samples: Array<{ timestamp: number; value: number }>;
}

/** Samples collected per metric identity, written to the store in one call per series. */
export class MetricBatch {
  /** Keyed by the (shared, constant) dimension array, then namespace and metric name. */
  readonly #series = new Map<Dimensions, Map<string, PendingSeries>>();
  sampleCount = 0;

  add(namespace: string, metricName: string, dimensions: Dimensions, unit: string, timestamp: number, value: number): void {
    let byName = this.#series.get(dimensions);
    if (!byName) {
      byName = new Map();
      this.#series.set(dimensions, byName);
    }
    const key = `${namespace}|${metricName}`;
    let series = byName.get(key);
    if (!series) {
      series = { namespace, metricName, dimensions, unit, samples: [] };
      byName.set(key, series);
    }
    series.samples.push({ timestamp, value });
    this.sampleCount++;
  }

  flush(store: MetricStore): void {
    for (const byName of this.#series.values()) {
      for (const s of byName.values()) store.putMetricData(s.namespace, s.metricName, s.dimensions, s.unit, s.samples);
    }
    this.#series.clear();
  }
}

const ALB = 'AWS/ApplicationELB';
const LB_DIMS: Dimensions = [{ Name: 'LoadBalancer', Value: DEMO_LOAD_BALANCER }];
const TG_DIMS: Dimensions = [
  { Name: 'TargetGroup', Value: DEMO_TARGET_GROUP },
  { Name: 'LoadBalancer', Value: DEMO_LOAD_BALANCER },
];
const ECS_DIMS = Object.fromEntries(
  ECS_SERVICES.map((service) => [service, [{ Name: 'ClusterName', Value: DEMO_CLUSTER }, { Name: 'ServiceName', Value: service }]]),
) as Record<EcsServiceName, Dimensions>;
const ecsDims = (service: EcsServiceName): Dimensions => ECS_DIMS[service];
const CLUSTER_DIMS: Dimensions = [{ Name: 'ClusterName', Value: DEMO_CLUSTER }];
const LAMBDA_DIMS = Object.fromEntries(LAMBDA_FUNCTIONS.map((fn) => [fn, [{ Name: 'FunctionName', Value: fn }]])) as Record<LambdaFunctionName, Dimensions>;
const lambdaDims = (fn: LambdaFunctionName): Dimensions => LAMBDA_DIMS[fn];
const RDS_DIMS: Dimensions = [{ Name: 'DBInstanceIdentifier', Value: RDS_INSTANCE }];
const API_DIMS: Dimensions = [{ Name: 'ApiName', Value: PARTNER_API }];

/** CPU cost of one request per service, in percent of the service's capacity for a minute. */
const ECS_CPU: Record<EcsServiceName, { base: number; perRequest: number; memory: number; tasks: number }> = {
  'checkout-web': { base: 9, perRequest: 0.55, memory: 41, tasks: 3 },
  'payments-api': { base: 6, perRequest: 2.1, memory: 36, tasks: 2 },
  'orders-service': { base: 7, perRequest: 1.2, memory: 48, tasks: 2 },
  'inventory-service': { base: 5, perRequest: 0.45, memory: 29, tasks: 2 },
};

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Adds the metric samples of one simulated minute. */
export function minuteMetrics(setup: TrafficSetup, traffic: MinuteTraffic, batch: MetricBatch): void {
  const rng = backgroundRandom(setup.seed, traffic.minute, 'metrics');
  const t = traffic.minute * 60_000;
  const load = dailyLoad(t);
  const intensity = incidentIntensity(setup.incidentStart, t + 30_000);

  // ALB: what clients saw, per minute; TargetResponseTime per request.
  let target2xx = 0;
  let target4xx = 0;
  let target5xx = 0;
  const hopsPerService = new Map<string, number>();
  const lambda = new Map<LambdaFunctionName, { invocations: number; errors: number; busyMs: number }>();
  let sqlStatements = 0;
  let slowStatements = 0;
  let retries = 0;
  for (const request of traffic.requests) {
    if (request.edgeStatus !== undefined) {
      const status = request.edgeStatus;
      if (status >= 500) target5xx++;
      else if (status >= 400) target4xx++;
      else target2xx++;
      const seconds = round((request.root.end - request.root.start) / 1000, 6);
      batch.add(ALB, 'TargetResponseTime', LB_DIMS, 'Seconds', request.start, seconds);
      batch.add(ALB, 'TargetResponseTime', TG_DIMS, 'Seconds', request.start, seconds);
    }
    for (const hop of request.hops) {
      hopsPerService.set(hop.service, (hopsPerService.get(hop.service) ?? 0) + 1);
      for (const span of hop.spans) {
        if (span.sql) {
          sqlStatements++;
          if (span.end - span.start > 250) slowStatements++;
        }
        if (typeof span.aws?.['retries'] === 'number') retries += span.aws['retries'] as number;
      }
      if (hop.lambda) {
        const fn = hop.lambda.fn;
        const stats = lambda.get(fn) ?? { invocations: 0, errors: 0, busyMs: 0 };
        const duration = hop.end - hop.start - hop.lambda.initMs;
        stats.invocations++;
        if (hop.lambda.failed) stats.errors++;
        stats.busyMs += duration + hop.lambda.initMs;
        lambda.set(fn, stats);
        batch.add('AWS/Lambda', 'Duration', lambdaDims(fn), 'Milliseconds', Math.floor(hop.start), round(duration, 2));
      }
    }
  }
  const elb5xx = traffic.albRejections.length;
  const reached = target2xx + target4xx + target5xx;
  batch.add(ALB, 'RequestCount', LB_DIMS, 'Count', t, reached + elb5xx);
  batch.add(ALB, 'RequestCount', TG_DIMS, 'Count', t, reached);
  // Like AWS, the ALB publishes HTTP code counts only for minutes in which they occurred.
  for (const [name, value] of [['HTTPCode_Target_2XX_Count', target2xx], ['HTTPCode_Target_4XX_Count', target4xx], ['HTTPCode_Target_5XX_Count', target5xx]] as const) {
    if (value === 0) continue;
    batch.add(ALB, name, LB_DIMS, 'Count', t, value);
    batch.add(ALB, name, TG_DIMS, 'Count', t, value);
  }
  if (elb5xx > 0) batch.add(ALB, 'HTTPCode_ELB_5XX_Count', LB_DIMS, 'Count', t, elb5xx);
  batch.add(ALB, 'HealthyHostCount', TG_DIMS, 'Count', t, intensity > 0.8 && rng.chance(0.3) ? 2 : 3);
  batch.add(ALB, 'UnHealthyHostCount', TG_DIMS, 'Count', t, 0);

  // ECS: utilisation follows the requests each service handled; payments-api burns CPU on retries.
  let clusterCpu = 0;
  let clusterMemory = 0;
  for (const service of ECS_SERVICES) {
    const shape = ECS_CPU[service];
    const perTask = (hopsPerService.get(service) ?? 0) / shape.tasks;
    let cpu = shape.base + shape.perRequest * perTask + rng.normal() * 1.4;
    if (service === 'payments-api') cpu += retries * 0.9 + intensity * 18;
    if (service === 'checkout-web') cpu += intensity * 9;
    cpu = round(clamp(cpu, 0.5, 100), 4);
    // Memory creeps up between daily deploys (02:00 UTC) and jitters with the GC.
    const sinceDeploy = (((t - 2 * 3_600_000) % 86_400_000) + 86_400_000) % 86_400_000 / 86_400_000;
    const memory = round(clamp(shape.memory + 9 * sinceDeploy + 3 * load + rng.normal() * 0.8 + (service === 'payments-api' ? intensity * 6 : 0), 1, 100), 4);
    batch.add('AWS/ECS', 'CPUUtilization', ecsDims(service), 'Percent', t, cpu);
    batch.add('AWS/ECS', 'MemoryUtilization', ecsDims(service), 'Percent', t, memory);
    clusterCpu += cpu;
    clusterMemory += memory;
  }
  batch.add('AWS/ECS', 'CPUUtilization', CLUSTER_DIMS, 'Percent', t, round(clusterCpu / ECS_SERVICES.length, 4));
  batch.add('AWS/ECS', 'MemoryUtilization', CLUSTER_DIMS, 'Percent', t, round(clusterMemory / ECS_SERVICES.length, 4));

  // Lambda: published only for minutes with invocations, as AWS does.
  for (const fn of LAMBDA_FUNCTIONS) {
    const stats = lambda.get(fn);
    if (!stats) continue;
    const dims = lambdaDims(fn);
    batch.add('AWS/Lambda', 'Invocations', dims, 'Count', t, stats.invocations);
    batch.add('AWS/Lambda', 'Errors', dims, 'Count', t, stats.errors);
    // email-sender has a reserved concurrency of 2: bursts at peak get throttled now and then.
    const throttles = fn === 'email-sender' && stats.invocations >= 3 && rng.chance(0.05 * load) ? rng.int(1, 2) : 0;
    batch.add('AWS/Lambda', 'Throttles', dims, 'Count', t, throttles);
    batch.add('AWS/Lambda', 'ConcurrentExecutions', dims, 'Count', t, Math.max(1, Math.ceil(stats.busyMs / 60_000 + rng.next())));
  }

  // RDS: connections, CPU and I/O follow orders-service's statements; checkpoints lift write latency.
  const checkpoint = traffic.minute % 5 === 0;
  batch.add('AWS/RDS', 'DatabaseConnections', RDS_DIMS, 'Count', t, Math.round(16 + 4 * load + sqlStatements * 0.05 + rng.normal()));
  batch.add('AWS/RDS', 'CPUUtilization', RDS_DIMS, 'Percent', t, round(clamp(4 + sqlStatements * 0.12 + slowStatements * 3 + (checkpoint ? 3 : 0) + rng.normal() * 0.8, 0.5, 100), 4));
  batch.add('AWS/RDS', 'ReadLatency', RDS_DIMS, 'Seconds', t, round(Math.max(0.0002, 0.00055 + slowStatements * 0.0004 + rng.normal() * 0.00008), 6));
  batch.add('AWS/RDS', 'WriteLatency', RDS_DIMS, 'Seconds', t, round(Math.max(0.0003, 0.0011 + (checkpoint ? 0.0009 : 0) + rng.normal() * 0.00012), 6));
  batch.add('AWS/RDS', 'ReadIOPS', RDS_DIMS, 'Count/Second', t, round(Math.max(0, 2 + sqlStatements * 0.04 + slowStatements * 30 + rng.normal()), 4));
  batch.add('AWS/RDS', 'WriteIOPS', RDS_DIMS, 'Count/Second', t, round(Math.max(0, 6 + sqlStatements * 0.06 + (checkpoint ? 40 : 0) + rng.normal()), 4));
  batch.add('AWS/RDS', 'FreeableMemory', RDS_DIMS, 'Bytes', t, Math.round(2.2e9 - load * 3.1e8 + rng.normal() * 1.5e7));

  partnerApiMetrics(setup, traffic, hopsPerService.get('orders-service') ?? 0, batch);
}

/**
 * API Gateway: partners' order lookups through partner-api, which calls orders-service. Its own
 * random lane, so the other series do not change with it; its latency follows orders-service's
 * load and its 5XX the incident (orders-service waits on payments during it).
 */
function partnerApiMetrics(setup: TrafficSetup, traffic: MinuteTraffic, ordersHops: number, batch: MetricBatch): void {
  const rng = backgroundRandom(setup.seed, traffic.minute, 'partner-api');
  const t = traffic.minute * 60_000;
  const load = dailyLoad(t);
  const intensity = incidentIntensity(setup.incidentStart, t + 30_000);
  const count = Math.max(1, Math.round(24 * load + 6 + rng.normal() * 3));
  const errors5xx = Math.min(count, Math.round(count * (0.002 + 0.12 * intensity) + (rng.chance(0.04) ? 1 : 0)));
  const errors4xx = Math.min(count - errors5xx, rng.chance(0.35) ? rng.int(1, 3) : 0);
  const latency = round(38 + 0.6 * ordersHops + 420 * intensity + Math.abs(rng.normal()) * 9, 2);
  // API Gateway publishes 4XXError and 5XXError (0 or more) for every minute with requests.
  batch.add('AWS/ApiGateway', 'Count', API_DIMS, 'Count', t, count);
  batch.add('AWS/ApiGateway', '5XXError', API_DIMS, 'Count', t, errors5xx);
  batch.add('AWS/ApiGateway', '4XXError', API_DIMS, 'Count', t, errors4xx);
  batch.add('AWS/ApiGateway', 'Latency', API_DIMS, 'Milliseconds', t, latency);
  batch.add('AWS/ApiGateway', 'IntegrationLatency', API_DIMS, 'Milliseconds', t, round(Math.max(1, latency - 11 - Math.abs(rng.normal()) * 2), 2));
}
