// The demo organisation served by the `local` backend: a small shop on AWS with services of every
// resource type, the call graph between them, its traffic rhythm and its recurring incident.
// Pure description; the generator (demo-traffic.ts and friends) turns it into telemetry.
import type { KnownResourceType } from '../config/resource-types.ts';
import { DemoRandom, mixSeed, nameSeed } from './demo-random.ts';

/** The demo has services of every type of the resource-type registry (`custom` aside: its namespace is the profile's). */
export type DemoResourceType = KnownResourceType;

/** A demo service, keyed exactly as the gateway's TOML service config. */
export interface DemoService {
  name: string;
  resource_type: DemoResourceType;
  repo: string;
  /** Explicit log groups, for services whose log stream names do not carry the service name. */
  log_groups?: string[];
  /** ECS ClusterName. */
  cluster?: string;
  /** The ALB's `LoadBalancer` dimension value. */
  load_balancer?: string;
}

export const DEMO_REGION = 'us-east-1';
export const DEMO_ACCOUNT_ID = '123456789012';
export const DEMO_CLUSTER = 'demo-prod';
export const DEMO_LOAD_BALANCER = 'app/public-alb/50dc6c495c0c9188';
/** The ALB's target group in front of checkout-web (the second ALB dimension set). */
export const DEMO_TARGET_GROUP = 'targetgroup/checkout-web/6d0ecf831eec9f09';
export const DEMO_SEED = 20261125;

export const DEMO_SERVICES: readonly DemoService[] = [
  { name: 'checkout-web', resource_type: 'ecs', repo: 'acme/checkout-web', cluster: DEMO_CLUSTER },
  { name: 'payments-api', resource_type: 'ecs', repo: 'acme/payments', cluster: DEMO_CLUSTER },
  { name: 'orders-service', resource_type: 'ecs', repo: 'acme/orders', cluster: DEMO_CLUSTER },
  { name: 'inventory-service', resource_type: 'ecs', repo: 'acme/inventory', cluster: DEMO_CLUSTER },
  { name: 'public-alb', resource_type: 'alb', repo: 'acme/platform-infra', load_balancer: DEMO_LOAD_BALANCER },
  { name: 'thumbnailer', resource_type: 'lambda', repo: 'acme/media-pipeline', log_groups: ['/aws/lambda/thumbnailer'] },
  { name: 'email-sender', resource_type: 'lambda', repo: 'acme/notifications', log_groups: ['/aws/lambda/email-sender'] },
  { name: 'orders-db', resource_type: 'rds', repo: 'acme/platform-infra', log_groups: ['/aws/rds/instance/orders-db/postgresql'] },
  { name: 'partner-api', resource_type: 'apigateway', repo: 'acme/partner-api' },
];

export type EcsServiceName = 'checkout-web' | 'payments-api' | 'orders-service' | 'inventory-service';
export const ECS_SERVICES: readonly EcsServiceName[] = ['checkout-web', 'payments-api', 'orders-service', 'inventory-service'];
export type LambdaFunctionName = 'thumbnailer' | 'email-sender';
export const LAMBDA_FUNCTIONS: readonly LambdaFunctionName[] = ['thumbnailer', 'email-sender'];
export const RDS_INSTANCE = 'orders-db';
/** The API Gateway REST API partners use to look up orders (its ApiName); it calls orders-service. */
export const PARTNER_API = 'partner-api';

/**
 * Who calls whom: the edges of X-Ray's service map for the demo. `to` is the node name X-Ray shows:
 * a traced service, an external host, or an inferred AWS resource (`AWS::DynamoDB::Table`,
 * `AWS::S3::Bucket`, named after the table or bucket); `orders-db` is reached over SQL.
 */
export const DEMO_CALL_GRAPH: ReadonlyArray<{ from: string; to: string; via: 'http' | 'aws' | 'sql' }> = [
  { from: 'checkout-web', to: 'inventory-service', via: 'http' },
  { from: 'checkout-web', to: 'payments-api', via: 'http' },
  { from: 'checkout-web', to: 'orders-service', via: 'http' },
  { from: 'payments-api', to: 'api.stripe.com', via: 'http' },
  { from: 'payments-api', to: 'orders-service', via: 'http' },
  { from: 'payments-api', to: 'payments-ledger', via: 'aws' },
  { from: 'orders-service', to: 'orders-db', via: 'sql' },
  { from: 'orders-service', to: 'inventory-service', via: 'http' },
  { from: 'orders-service', to: 'email-sender', via: 'aws' },
  { from: 'inventory-service', to: 'inventory', via: 'aws' },
  { from: 'email-sender', to: 'SESv2', via: 'aws' },
  { from: 'thumbnailer', to: 'demo-uploads', via: 'aws' },
  { from: 'thumbnailer', to: 'demo-thumbnails', via: 'aws' },
];

export const LOG_GROUP_OF_ECS = (service: EcsServiceName): string => `/ecs/${service}`;
export const LOG_GROUP_OF_LAMBDA = (fn: LambdaFunctionName): string => `/aws/lambda/${fn}`;
export const LOG_GROUP_OF_RDS = `/aws/rds/instance/${RDS_INSTANCE}/postgresql`;
export const DEMO_LOG_GROUPS: readonly string[] = [
  ...ECS_SERVICES.map(LOG_GROUP_OF_ECS),
  ...LAMBDA_FUNCTIONS.map(LOG_GROUP_OF_LAMBDA),
  LOG_GROUP_OF_RDS,
];
export const PAYMENTS_LEDGER_TABLE = 'payments-ledger';
export const INVENTORY_TABLE = 'inventory';

// ---------------------------------------------------------------------------------------------
// The incident: payments-api's writes to its DynamoDB ledger are throttled, every day at the same
// time of day, the latest one starting 35 minutes before start-up.

export const INCIDENT_LEAD_MS = 35 * 60_000;
export const INCIDENT_DURATION_MS = 10 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export interface IncidentWindow {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  service: 'payments-api';
  dependency: 'DynamoDB';
  table: typeof PAYMENTS_LEDGER_TABLE;
  exceptionType: 'ProvisionedThroughputExceededException';
}

/** The latest incident before `anchor` (the data set's start-up time). */
export function incidentWindowAt(anchor: number): IncidentWindow {
  const start = anchor - INCIDENT_LEAD_MS;
  return {
    start,
    end: start + INCIDENT_DURATION_MS,
    service: 'payments-api',
    dependency: 'DynamoDB',
    table: PAYMENTS_LEDGER_TABLE,
    exceptionType: 'ProvisionedThroughputExceededException',
  };
}

/** Every occurrence of the daily incident overlapping [from, to). */
export function incidentWindowsBetween(anchor: number, from: number, to: number): IncidentWindow[] {
  const latest = incidentWindowAt(anchor);
  const windows: IncidentWindow[] = [];
  const firstDay = Math.floor((from - latest.end) / DAY_MS) + 1;
  for (let day = firstDay; latest.start + day * DAY_MS < to; day++) {
    windows.push({ ...latest, start: latest.start + day * DAY_MS, end: latest.end + day * DAY_MS });
  }
  return windows;
}

/**
 * How bad the incident is at `t`, 0 (none) to 1: a one-minute onset, a plateau, and a two-minute
 * recovery while DynamoDB's adaptive capacity catches up.
 */
export function incidentIntensity(incidentStart: number, t: number): number {
  const into = (((t - incidentStart) % DAY_MS) + DAY_MS) % DAY_MS;
  if (into >= INCIDENT_DURATION_MS) return 0;
  if (into < 60_000) return 0.3 + 0.7 * (into / 60_000);
  const left = INCIDENT_DURATION_MS - into;
  if (left < 120_000) return Math.max(0.1, left / 120_000);
  return 1;
}

// ---------------------------------------------------------------------------------------------
// Everyday trouble, at any hour and any load, so that an ERROR or WARN view of the demo is never
// empty between incidents (it stays small next to one: 1 payments-api ERROR in 5 minutes against
// most charges failing during the incident: 4 to 20 times as many ERROR lines by the time of day).

/**
 * Stripe times out on one charge in every 5-minute slot, at a seeded moment of it: payments-api
 * logs an ERROR (with the faulty trace's id) and checkout-web a failed payment at least every 10
 * minutes, so any 15-minute window holds some.
 */
export const PAYMENT_TIMEOUT_SLOT_MS = 5 * 60_000;
/** How long payments-api waits for Stripe before it gives up on a charge. */
export const STRIPE_TIMEOUT_MS = 2_500;
/**
 * A refund crosses teams once in every 10-minute slot, at a seeded moment of it: checkout-web
 * (storefront team) asks payments-api (payments team) for a refund, and payments-api asks
 * orders-service (orders team) whether the order may be refunded; orders-service refuses (409).
 * The trace is always sampled. The storefront's and the orders team's spans and lines carry the
 * CROSS_TEAM_SECRETS, which a caller scoped to payments-* must never see (see docs/security.md); payments-api's own spans and lines carry none of them.
 */
export const REFUND_CHECK_SLOT_MS = 10 * 60_000;

/** Values planted in other teams' telemetry of the cross-team refund traces: each occurs nowhere else. */
export const CROSS_TEAM_SECRETS = {
  /** In checkout-web's request URL (its segment's http.url, the trace's entry point). */
  url: 'tkr-secret-url-5d1c9e',
  /** In orders-service's SQL statement (a sqlcommenter comment). */
  sql: 'tkr-secret-sql-8e2a41',
  /** In orders-service's exception message. */
  exception: 'tkr-secret-exception-3b7f06',
  /** In orders-service's annotations. */
  annotation: 'tkr-secret-annotation-9a4e27',
  /** In orders-service's segment metadata. */
  metadata: 'tkr-secret-metadata-6c0d58',
  /** In orders-service's log line that carries the trace id. */
  log: 'tkr-secret-log-2f8b73',
} as const;

/**
 * Bots reach checkout-web once in every 10-second slot, whatever the time of day: vulnerability
 * scanners probing for files (404) and a price scraper over its rate limit (429), each logged as a
 * WARN, so a live tail of checkout-web's problems shows a line within 20 seconds.
 */
export const BOT_SLOT_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// Traffic rhythm.

/** Daily load shape in [0.3, 1]: quiet around 03:00 UTC, busiest around 15:00 UTC. */
export function dailyLoad(t: number): number {
  const hours = (t % DAY_MS) / 3_600_000;
  const wave = (1 - Math.cos((2 * Math.PI * (hours - 3)) / 24)) / 2;
  return 0.3 + 0.7 * Math.pow(wave, 1.3);
}

/** Requests per second reaching checkout-web through the ALB at full daily load. */
export const PEAK_EDGE_RPS = 0.75;
/** S3 uploads per second that trigger the thumbnailer at full daily load. */
export const PEAK_UPLOAD_RPS = 0.12;

// ---------------------------------------------------------------------------------------------
// Fixed infrastructure drawn from the seed: ECS tasks and their addresses.

export interface EcsTask {
  service: EcsServiceName;
  /** 32 hex digits, as ECS task ids are. */
  id: string;
  /** The task's private address (awsvpc networking). */
  ip: string;
  /** The container hostname X-Ray records under `aws.ecs.container`. */
  hostname: string;
  logStream: string;
  containerArn: string;
}

const TASKS_PER_SERVICE: Record<EcsServiceName, number> = {
  'checkout-web': 3,
  'payments-api': 2,
  'orders-service': 2,
  'inventory-service': 2,
};

/** The running tasks of every ECS service; stable for a seed. */
export function demoEcsTasks(seed: number): Record<EcsServiceName, EcsTask[]> {
  const out = {} as Record<EcsServiceName, EcsTask[]>;
  for (const service of ECS_SERVICES) {
    const rng = new DemoRandom(mixSeed(seed, nameSeed(service), 7));
    const tasks: EcsTask[] = [];
    for (let i = 0; i < TASKS_PER_SERVICE[service]; i++) {
      const id = rng.hex(32);
      const ip = `10.0.${rng.int(1, 3) * 16 + rng.int(0, 15)}.${rng.int(4, 250)}`;
      tasks.push({
        service,
        id,
        ip,
        hostname: `ip-${ip.replaceAll('.', '-')}.ec2.internal`,
        logStream: `ecs/${service}/${id}`,
        containerArn: `arn:aws:ecs:${DEMO_REGION}:${DEMO_ACCOUNT_ID}:container/${DEMO_CLUSTER}/${id}/${rng.uuid()}`,
      });
    }
    out[service] = tasks;
  }
  return out;
}
