// Turns simulated requests and each minute's background activity into the log lines the demo
// services write, each in its own style: checkout-web and payments-api log plain text, the other
// ECS services JSON, the Lambda functions the Node.js runtime's format with START/END/REPORT, and
// orders-db PostgreSQL's log_line_prefix. Traced requests carry their X-Ray trace id.
import {
  DEMO_CLUSTER,
  LOG_GROUP_OF_ECS,
  LOG_GROUP_OF_LAMBDA,
  LOG_GROUP_OF_RDS,
  RDS_INSTANCE,
  incidentIntensity,
  type EcsServiceName,
} from './demo-organisation.ts';
import type { DemoRandom } from './demo-random.ts';
import type { LogNote, SimHop, SimRequest } from './demo-traffic-model.ts';
import { backgroundRandom, type TrafficSetup } from './demo-traffic.ts';

export interface DemoLogLine {
  group: string;
  stream: string;
  timestamp: number;
  message: string;
}

/** Statements slower than this land in orders-db's log (RDS parameter log_min_duration_statement). */
export const SLOW_STATEMENT_MS = 250;
const PLAIN_TEXT_SERVICES = new Set(['checkout-web', 'payments-api']);

let isoSecond = Number.NaN;
let isoPrefix = '';
/** ISO-8601 with milliseconds; the date part is cached per second (lines of a request share it). */
function iso(t: number): string {
  const ms = Math.floor(t);
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  const fraction = ms - second * 1000;
  return `${isoPrefix}${fraction < 10 ? '00' : fraction < 100 ? '0' : ''}${fraction}Z`;
}

function plainValue(value: string | number | boolean): string {
  const text = String(value);
  return /[\s"=]/.test(text) ? JSON.stringify(text) : text;
}

function plainLine(note: LogNote, traceId: string | undefined, requestId: string): string {
  let line = `${iso(note.at)} ${note.level} [${note.logger}] ${note.msg}`;
  if (note.fields) for (const key in note.fields) line += ` ${key}=${plainValue(note.fields[key] as string | number | boolean)}`;
  if (!note.fields || !('reqId' in note.fields)) line += ` reqId=${requestId}`;
  if (traceId) line += ` traceId=${traceId}`;
  return line;
}

function jsonLine(service: string, note: LogNote, traceId: string | undefined, requestId: string | undefined): string {
  const record: Record<string, unknown> = { level: note.level, time: iso(note.at), service, logger: note.logger, msg: note.msg };
  if (note.fields) Object.assign(record, note.fields);
  if (requestId) record['requestId'] = requestId;
  if (traceId) record['traceId'] = traceId;
  return JSON.stringify(record);
}

function ecsLines(hop: SimHop, traceId: string | undefined, out: DemoLogLine[]): void {
  const service = hop.service as EcsServiceName;
  const group = LOG_GROUP_OF_ECS(service);
  const stream = hop.task?.logStream ?? `ecs/${service}/unknown`;
  const plain = PLAIN_TEXT_SERVICES.has(service);
  for (const note of hop.notes) {
    out.push({ group, stream, timestamp: Math.floor(note.at), message: plain ? plainLine(note, traceId, hop.requestId) : jsonLine(service, note, traceId, hop.requestId) });
  }
}

function lambdaLines(hop: SimHop, request: SimRequest, out: DemoLogLine[]): void {
  const lambda = hop.lambda;
  if (!lambda) return;
  const group = LOG_GROUP_OF_LAMBDA(lambda.fn);
  const stream = lambda.logStream;
  const id = lambda.requestId;
  const begin = Math.floor(hop.start);
  if (lambda.coldStart) {
    out.push({ group, stream, timestamp: begin, message: 'INIT_START Runtime Version: nodejs:22.v41\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0cdcfbdefbc5e7d3343f73c2e2dd3cba17d61dea0686b404502a0c9ce83931b9' });
  }
  const invoked = Math.floor(hop.start + lambda.initMs);
  out.push({ group, stream, timestamp: invoked, message: `START RequestId: ${id} Version: $LATEST` });
  for (const note of hop.notes) {
    let body: string;
    if (note.msg === 'Invoke Error') {
      const stack = hop.exception?.stack?.map((f) => `    at ${f.label} (${f.path}:${f.line})`) ?? [];
      body = `Invoke Error \t${JSON.stringify({ errorType: note.fields?.['errorType'], errorMessage: note.fields?.['errorMessage'], stack: [`${String(note.fields?.['errorType'])}: ${String(note.fields?.['errorMessage'])}`, ...stack] })}`;
    } else {
      body = jsonLine(lambda.fn, note, request.sampled ? request.traceId : undefined, undefined);
    }
    out.push({ group, stream, timestamp: Math.floor(note.at), message: `${iso(note.at)}\t${id}\t${note.level}\t${body}` });
  }
  const end = Math.floor(hop.end) + 1;
  const duration = hop.end - hop.start - lambda.initMs;
  out.push({ group, stream, timestamp: end, message: `END RequestId: ${id}` });
  let report = `REPORT RequestId: ${id}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.ceil(duration)} ms\tMemory Size: ${lambda.memoryMb} MB\tMax Memory Used: ${lambda.maxMemoryUsedMb} MB\t`;
  if (lambda.coldStart) report += `Init Duration: ${lambda.initMs.toFixed(2)} ms\t`;
  if (request.sampled) report += `\nXRAY TraceId: ${request.traceId}\tSegmentId: ${lambda.serviceSegmentId}\tSampled: true\t`;
  out.push({ group, stream, timestamp: end, message: report });
}

/** `%t:%r:%u@%d:[%p]:` as RDS configures PostgreSQL's log_line_prefix. */
function postgresPrefix(t: number, client: string | undefined, pid: number): string {
  const stamp = `${iso(t).slice(0, 19).replace('T', ' ')} UTC`;
  return client ? `${stamp}:${client}:orders_app@orders:[${pid}]:` : `${stamp}::@:[${pid}]:`;
}

function slowStatementLines(hop: SimHop, rng: DemoRandom, out: DemoLogLine[]): void {
  for (const span of hop.spans) {
    if (!span.sql || span.end - span.start < SLOW_STATEMENT_MS) continue;
    const client = `${hop.task?.ip ?? '10.0.0.1'}(${rng.int(32768, 60999)})`;
    out.push({
      group: LOG_GROUP_OF_RDS,
      stream: RDS_INSTANCE,
      timestamp: Math.floor(span.end),
      message: `${postgresPrefix(span.end, client, rng.int(4000, 32000))}LOG:  duration: ${(span.end - span.start).toFixed(3)} ms  execute <unnamed>: ${String(span.sql['sanitized_query'])}`,
    });
  }
}

/** Every line a request caused, in no particular order. */
export function requestLogLines(request: SimRequest, rng: DemoRandom, out: DemoLogLine[]): void {
  const traceId = request.sampled ? request.traceId : undefined;
  for (const hop of request.hops) {
    if (hop.origin === 'AWS::ECS::Container') {
      ecsLines(hop, traceId, out);
      if (hop.service === 'orders-service') slowStatementLines(hop, rng, out);
    } else lambdaLines(hop, request, out);
  }
}

/** Lines not caused by a request: pool stats, cache refreshes, PostgreSQL checkpoints and vacuums. */
export function backgroundLogLines(setup: TrafficSetup, minute: number, out: DemoLogLine[]): void {
  const rng = backgroundRandom(setup.seed, minute, 'logs');
  const from = minute * 60_000;
  const at = (offsetMs: number): number => from + offsetMs;

  for (const task of setup.tasks['orders-service']) {
    const t = at(rng.int(0, 59_999));
    const idle = rng.int(5, 10);
    out.push({ group: LOG_GROUP_OF_ECS('orders-service'), stream: task.logStream, timestamp: t, message: JSON.stringify({ level: 'DEBUG', time: iso(t), service: 'orders-service', logger: 'db', msg: 'pool stats', total: 10, idle, waiting: 0 }) });
  }
  if (minute % 5 === 2) {
    for (const task of setup.tasks['inventory-service']) {
      const t = at(rng.int(0, 59_999));
      out.push({ group: LOG_GROUP_OF_ECS('inventory-service'), stream: task.logStream, timestamp: t, message: JSON.stringify({ level: 'INFO', time: iso(t), service: 'inventory-service', logger: 'stock', msg: 'stock cache refreshed', items: 240, durationMs: rng.int(60, 140) }) });
    }
  }
  const intensity = incidentIntensity(setup.incidentStart, from + 30_000);
  for (const task of setup.tasks['payments-api']) {
    if (intensity > 0) {
      const t = at(rng.int(0, 59_999));
      out.push({ group: LOG_GROUP_OF_ECS('payments-api'), stream: task.logStream, timestamp: t, message: `${iso(t)} WARN [ledger] write capacity exhausted on payments-ledger consumedWCU=${rng.int(480, 560)} provisionedWCU=400 throttledRequests=${Math.round(intensity * rng.int(40, 90))}` });
    } else if (minute % 5 === 0) {
      const t = at(rng.int(0, 59_999));
      out.push({ group: LOG_GROUP_OF_ECS('payments-api'), stream: task.logStream, timestamp: t, message: `${iso(t)} DEBUG [ledger] dynamodb client stats inflight=${rng.int(0, 3)} retries=0 sockets=${rng.int(4, 12)}` });
    }
  }
  if (minute % 10 === 4) {
    for (const task of setup.tasks['checkout-web']) {
      const t = at(rng.int(0, 59_999));
      out.push({ group: LOG_GROUP_OF_ECS('checkout-web'), stream: task.logStream, timestamp: t, message: `${iso(t)} INFO [ssr] page cache stats hits=${rng.int(800, 2400)} misses=${rng.int(40, 300)} cluster=${DEMO_CLUSTER}` });
    }
  }

  // orders-db: the checkpointer every 5 minutes, autovacuum now and then, new connections, rare errors.
  const rds = (t: number, client: string | undefined, pid: number, text: string): void => {
    out.push({ group: LOG_GROUP_OF_RDS, stream: RDS_INSTANCE, timestamp: t, message: `${postgresPrefix(t, client, pid)}${text}` });
  };
  if (minute % 5 === 0) {
    const start = at(rng.int(0, 400));
    const write = 26 + rng.next() * 1.5;
    const buffers = rng.int(400, 4200);
    rds(start, undefined, 583, 'LOG:  checkpoint starting: time');
    rds(
      start + Math.round(write * 1000) + 30,
      undefined,
      583,
      `LOG:  checkpoint complete: wrote ${buffers} buffers (${((buffers / 16384) * 100).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(0, 2)} recycled; write=${write.toFixed(3)} s, sync=0.00${rng.int(1, 9)} s, total=${(write + 0.02).toFixed(3)} s; sync files=${rng.int(20, 60)}, longest=0.002 s, average=0.001 s; distance=${rng.int(2000, 24000)} kB, estimate=${rng.int(20000, 26000)} kB`,
    );
  }
  if (rng.chance(0.03)) {
    const table = rng.pick(['orders', 'order_items', 'carts', 'cart_items']);
    rds(at(rng.int(0, 59_999)), undefined, rng.int(20000, 32000), `LOG:  automatic vacuum of table "orders.public.${table}": index scans: 1, pages: 0 removed, ${rng.int(2000, 90000)} remain, ${rng.int(0, 800)} scanned (${(rng.next() * 3).toFixed(2)}% of total), tuples: ${rng.int(100, 9000)} removed, ${rng.int(100000, 2000000)} remain, 0 are dead but not yet removable`);
  }
  if (rng.chance(0.05)) {
    const task = rng.pick(setup.tasks['orders-service']);
    const port = rng.int(32768, 60999);
    const pid = rng.int(4000, 32000);
    const t = at(rng.int(0, 59_000));
    rds(t, `${task.ip}(${port})`, pid, `LOG:  connection received: host=${task.ip} port=${port}`);
    rds(t + 6, `${task.ip}(${port})`, pid, 'LOG:  connection authorized: user=orders_app database=orders application_name=orders-service SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)');
  }
  if (rng.chance(0.004)) {
    const task = rng.pick(setup.tasks['orders-service']);
    const client = `${task.ip}(${rng.int(32768, 60999)})`;
    const pid = rng.int(4000, 32000);
    const t = at(rng.int(0, 59_000));
    rds(t, client, pid, 'ERROR:  duplicate key value violates unique constraint "orders_idempotency_key_key"');
    rds(t, client, pid, `DETAIL:  Key (idempotency_key)=(${rng.uuid()}) already exists.`);
    rds(t, client, pid, 'STATEMENT:  INSERT INTO orders (id, customer_id, status, total_cents, currency, created_at) VALUES ($1, $2, $3, $4, $5, now())');
  }
}
