// Simulates the demo organisation's requests, one minute at a time: arrivals follow the daily load
// (Poisson), each request walks the call graph with log-normal latencies, and the incident throttles
// payments-api's ledger writes. A minute draws only from its own seeded stream, so any minute can be
// regenerated identically, in any order (the live feed relies on it).
import {
  DEMO_CLUSTER,
  DEMO_REGION,
  INVENTORY_TABLE,
  PAYMENTS_LEDGER_TABLE,
  BOT_SLOT_MS,
  CROSS_TEAM_SECRETS,
  PAYMENT_TIMEOUT_SLOT_MS,
  REFUND_CHECK_SLOT_MS,
  PEAK_EDGE_RPS,
  PEAK_UPLOAD_RPS,
  STRIPE_TIMEOUT_MS,
  dailyLoad,
  incidentIntensity,
  type EcsServiceName,
  type EcsTask,
  type LambdaFunctionName,
} from './demo-organisation.ts';
import { DemoRandom, mixSeed, nameSeed } from './demo-random.ts';
import type { AlbRejection, LogNote, SimException, SimHop, SimRequest, SimSpan } from './demo-traffic-model.ts';

/** No simulated request lasts longer (the generator looks this far back for lines still to come). */
export const MAX_REQUEST_MS = 15_000;
/** Share of requests X-Ray samples (faulty ones are always kept). */
export const TRACE_SAMPLE_RATE = 0.1;

export interface TrafficSetup {
  seed: number;
  /** Start of the latest incident: the incident recurs daily at this time of day. */
  incidentStart: number;
  tasks: Record<EcsServiceName, EcsTask[]>;
}

export interface MinuteTraffic {
  minute: number;
  requests: SimRequest[];
  albRejections: AlbRejection[];
}

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
];
const INTERNAL_AGENT = 'undici';
const SKUS = 240;
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'USD', 'GBP'];
const TIERS = ['standard', 'standard', 'standard', 'plus', 'gold'];
const SERVICE_URL = (service: string, path: string): string => `http://${service}.${DEMO_CLUSTER}.local:8080${path}`;
const DB_HOST = 'orders-db.c8x2kqpw3n1v.us-east-1.rds.amazonaws.com';

const THROUGHPUT_MESSAGE =
  'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.';

type EdgeFlow = 'product' | 'home' | 'cart' | 'checkout' | 'orders' | 'session';
const EDGE_FLOWS: readonly EdgeFlow[] = ['product', 'home', 'cart', 'checkout', 'orders', 'session'];
const EDGE_WEIGHTS: readonly number[] = [0.41, 0.11, 0.13, 0.16, 0.05, 0.14];

/** What bots probe for: files a misconfigured server would hand out. */
const PROBE_PATHS = ['/.env', '/.git/config', '/wp-login.php', '/xmlrpc.php', '/phpmyadmin/index.php', '/config.json', '/.aws/credentials', '/server-status', '/actuator/env', '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php'];
const SCANNER_AGENTS = ['Mozilla/5.0 zgrab/0.x', 'Go-http-client/1.1', 'python-requests/2.32.3', 'curl/8.5.0', 'Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)'];
const SCRAPER_AGENT = 'Mozilla/5.0 (compatible; PriceWatchBot/3.2; +https://pricewatch.example/bot)';
/** Requests per minute and client address that checkout-web serves before answering 429. */
const RATE_LIMIT_PER_MINUTE = 120;

/** A request forced down one failure path (the everyday trouble of demo-organisation.ts). */
type Scenario = 'stripe-timeout';

/** Per-request state: the minute's random stream and the hops created so far. */
class Simulation {
  readonly rng: DemoRandom;
  readonly setup: TrafficSetup;
  readonly scenario: Scenario | undefined;
  hops: SimHop[] = [];

  constructor(rng: DemoRandom, setup: TrafficSetup, scenario?: Scenario) {
    this.rng = rng;
    this.setup = setup;
    this.scenario = scenario;
  }

  intensity(t: number): number {
    return incidentIntensity(this.setup.incidentStart, t);
  }

  /** Short ids as services log them (`req_3f9a...`). */
  shortId(prefix: string): string {
    return `${prefix}_${this.rng.hex(12)}`;
  }

  note(hop: SimHop, at: number, level: LogNote['level'], logger: string, msg: string, fields?: LogNote['fields']): void {
    hop.notes.push(fields ? { at, level, logger, msg, fields } : { at, level, logger, msg });
  }

  ecsHop(service: EcsServiceName, start: number, method: string, route: string, path: string, parentId?: string): SimHop {
    const task = this.rng.pick(this.setup.tasks[service]);
    const hop: SimHop = {
      service,
      id: '',
      origin: 'AWS::ECS::Container',
      start,
      end: start,
      method,
      url: SERVICE_URL(service, path),
      route,
      status: 200,
      contentLength: 0,
      userAgent: INTERNAL_AGENT,
      task,
      error: false,
      fault: false,
      throttle: false,
      spans: [],
      annotations: {},
      requestId: this.shortId('req'),
      notes: [],
    };
    if (parentId !== undefined) hop.parentId = parentId;
    this.hops.push(hop);
    return hop;
  }

  /** An HTTP call from `caller` to another traced service; returns the remote subsegment. */
  callService(caller: SimHop, at: number, method: string, handle: (start: number, parentId: string) => SimHop): SimSpan {
    const span: SimSpan = { id: '', name: '', namespace: 'remote', start: at, end: at };
    const network = 0.3 + this.rng.exponential(0.5);
    const hop = handle(at + network, span.id);
    span.name = hop.service;
    span.end = hop.end + network;
    span.http = { method, url: hop.url ?? '', status: hop.status, contentLength: hop.contentLength };
    flagFromStatus(span, hop.status);
    if (hop.fault || hop.error) span.exception = { type: 'HTTPError', message: `${hop.service} responded ${hop.status}`, remote: true };
    span.downstream = hop;
    caller.spans.push(span);
    return span;
  }

  /** An AWS SDK call; `inferredOrigin` adds the resource node X-Ray infers for it. */
  awsCall(
    caller: SimHop,
    at: number,
    name: string,
    operation: string,
    durationMs: number,
    aws: Record<string, unknown>,
    options: { status?: number; retries?: number; exception?: SimException; throttle?: boolean; inferredOrigin?: string } = {},
  ): SimSpan {
    const status = options.status ?? 200;
    const span: SimSpan = {
      id: '',
      name,
      namespace: 'aws',
      start: at,
      end: at + durationMs,
      http: { status, contentLength: status < 300 ? this.rng.int(2, 900) : this.rng.int(120, 260) },
      aws: { operation, region: DEMO_REGION, request_id: '', retries: options.retries ?? 0, ...aws },
    };
    flagFromStatus(span, status);
    if (options.throttle) span.throttle = true;
    if (options.exception) span.exception = options.exception;
    if (options.inferredOrigin) span.inferred = { id: '', name, origin: options.inferredOrigin };
    caller.spans.push(span);
    return span;
  }

  /** An HTTP call to a service outside the organisation (not traced beyond the subsegment). */
  callExternal(caller: SimHop, at: number, method: string, url: string, durationMs: number, status: number): SimSpan {
    const span: SimSpan = {
      id: '',
      name: url.split('/')[2] ?? url,
      namespace: 'remote',
      start: at,
      end: at + durationMs,
      http: { method, url, status, contentLength: this.rng.int(600, 2400) },
    };
    flagFromStatus(span, status);
    caller.spans.push(span);
    return span;
  }

  /** An HTTP call to an outside service that did not answer before the caller's timeout. */
  callExternalTimedOut(caller: SimHop, at: number, method: string, url: string, timeoutMs: number, exception: SimException): SimSpan {
    const span: SimSpan = {
      id: '',
      name: url.split('/')[2] ?? url,
      namespace: 'remote',
      start: at,
      end: at + timeoutMs + this.rng.lognormal(2, 0.3),
      http: { method, url },
      fault: true,
      exception,
    };
    caller.spans.push(span);
    return span;
  }

  /** A SQL statement against orders-db; X-Ray shows it as the `orders-db` node. */
  sqlCall(caller: SimHop, at: number, query: string, durationMs: number, failure?: SimException): SimSpan {
    const span: SimSpan = {
      id: '',
      name: 'orders-db',
      namespace: 'remote',
      start: at,
      end: at + durationMs,
      sql: {
        url: `postgresql://${DB_HOST}:5432/orders`,
        database_type: 'PostgreSQL',
        database_version: '16.4',
        driver_version: 'node-postgres 8.13.1',
        user: 'orders_app',
        preparation: 'statement',
        sanitized_query: query,
      },
    };
    if (failure) {
      span.error = true;
      span.exception = failure;
    }
    caller.spans.push(span);
    return span;
  }

  finish(hop: SimHop, at: number, status: number, contentLength: number): void {
    hop.end = at;
    hop.status = status;
    hop.contentLength = contentLength;
    flagFromStatus(hop, status);
  }
}

function flagFromStatus(target: { error?: boolean; fault?: boolean; throttle?: boolean }, status: number): void {
  if (status >= 500) target.fault = true;
  else if (status === 429) {
    target.error = true;
    target.throttle = true;
  } else if (status >= 400) target.error = true;
}

function stack(service: string, frames: Array<[string, number, string]>): SimException['stack'] {
  return frames.map(([path, line, label]) => ({ path: `/app/${service}/${path}`, line, label }));
}

// ---------------------------------------------------------------------------------------------
// inventory-service

function inventoryStock(sim: Simulation, start: number, parentId: string, sku: string): SimHop {
  const hop = sim.ecsHop('inventory-service', start, 'GET', '/v1/stock/:sku', `/v1/stock/${sku}`, parentId);
  const rng = sim.rng;
  let t = start + rng.lognormal(0.8, 0.4);
  const failed = rng.chance(0.0006);
  const call = sim.awsCall(hop, t, 'DynamoDB', 'GetItem', failed ? rng.lognormal(40, 0.4) : rng.lognormal(4.5, 0.35), { table_name: INVENTORY_TABLE, consistent_read: false }, failed
    ? { status: 500, exception: { type: 'InternalServerError', message: 'Internal server error', remote: true }, inferredOrigin: 'AWS::DynamoDB::Table' }
    : { inferredOrigin: 'AWS::DynamoDB::Table' });
  t = call.end + rng.lognormal(0.6, 0.4);
  hop.annotations = { sku };
  if (failed) {
    hop.exception = { type: 'InternalServerError', message: 'Internal server error', remote: true, stack: stack('inventory-service', [['src/stock/repository.ts', 41, 'StockRepository.get'], ['src/stock/routes.ts', 18, 'getStock']]) };
    sim.note(hop, t, 'ERROR', 'stock', 'stock lookup failed', { sku, error: 'InternalServerError', table: INVENTORY_TABLE });
    sim.finish(hop, t, 503, 72);
    return hop;
  }
  const available = rng.chance(0.04) ? rng.int(0, 3) : rng.int(4, 180);
  if (available < 4) sim.note(hop, t, 'WARN', 'stock', 'stock below reorder point', { sku, available, reorderPoint: 4 });
  sim.note(hop, t, 'INFO', 'http', 'request completed', { method: 'GET', path: `/v1/stock/${sku}`, status: 200, sku, available, durationMs: Math.round(t - start) });
  sim.finish(hop, t, 200, rng.int(180, 260));
  return hop;
}

function inventoryReservation(sim: Simulation, start: number, parentId: string, kind: 'reserve' | 'commit' | 'release', reservation: string, items: number): SimHop {
  const method = kind === 'release' ? 'DELETE' : 'POST';
  const route = kind === 'reserve' ? '/v1/reservations' : kind === 'commit' ? '/v1/reservations/:id/commit' : '/v1/reservations/:id';
  const path = kind === 'reserve' ? route : kind === 'commit' ? `/v1/reservations/${reservation}/commit` : `/v1/reservations/${reservation}`;
  const hop = sim.ecsHop('inventory-service', start, method, route, path, parentId);
  const rng = sim.rng;
  let t = start + rng.lognormal(1, 0.4);
  const outOfStock = kind === 'reserve' && sim.scenario === undefined && rng.chance(0.012);
  const call = sim.awsCall(
    hop,
    t,
    'DynamoDB',
    kind === 'reserve' ? 'TransactWriteItems' : 'UpdateItem',
    rng.lognormal(kind === 'reserve' ? 9 : 6, 0.35),
    kind === 'reserve' ? { resource_names: [INVENTORY_TABLE], item_count: items } : { table_name: INVENTORY_TABLE },
    outOfStock
      ? { status: 400, exception: { type: 'TransactionCanceledException', message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed]', remote: true }, inferredOrigin: 'AWS::DynamoDB::Table' }
      : { inferredOrigin: 'AWS::DynamoDB::Table' },
  );
  t = call.end + rng.lognormal(0.7, 0.4);
  hop.annotations = { reservation, operation: kind };
  if (outOfStock) {
    sim.note(hop, t, 'WARN', 'reservations', 'reservation rejected: insufficient stock', { reservation, items });
    sim.finish(hop, t, 409, 96);
    return hop;
  }
  if (kind !== 'reserve' || rng.chance(0.3)) sim.note(hop, t, 'DEBUG', 'reservations', `reservation ${kind === 'reserve' ? 'held' : kind === 'commit' ? 'committed' : 'released'}`, { reservation, items });
  sim.note(hop, t, 'INFO', 'http', 'request completed', { method, path, status: kind === 'reserve' ? 201 : 200, durationMs: Math.round(t - start) });
  sim.finish(hop, t, kind === 'reserve' ? 201 : 200, rng.int(60, 140));
  return hop;
}

// ---------------------------------------------------------------------------------------------
// payments-api: the incident's victim.

function paymentsCharge(sim: Simulation, start: number, parentId: string, order: { amount: number; currency: string; customer: string; tier: string }): SimHop {
  const hop = sim.ecsHop('payments-api', start, 'POST', '/v1/charges', '/v1/charges', parentId);
  const rng = sim.rng;
  const chargeId = `ch_${rng.hex(20)}`;
  hop.annotations = { payment_method: 'card', currency: order.currency, amount_cents: order.amount, customer_tier: order.tier };
  hop.metadata = { default: { charge_id: chargeId, idempotency_key: rng.uuid() } };
  sim.note(hop, start + 0.2, 'INFO', 'payments', 'charge requested', { chargeId, amount: order.amount, currency: order.currency, customer: order.customer });
  let t = start + rng.lognormal(1.5, 0.4);

  const intent = `pi_${rng.hex(24)}`;
  if (sim.scenario === 'stripe-timeout') {
    const message = `Request aborted due to timeout being reached (${STRIPE_TIMEOUT_MS}ms)`;
    const exception: SimException = {
      type: 'StripeConnectionError',
      message,
      remote: true,
      stack: stack('payments-api', [['node_modules/stripe/cjs/RequestSender.js', 392, 'ClientRequest.<anonymous>'], ['src/stripe/payment-intents.ts', 31, 'createPaymentIntent'], ['src/charges/create-charge.ts', 61, 'createCharge']]),
    };
    const psp = sim.callExternalTimedOut(hop, t, 'POST', 'https://api.stripe.com/v1/payment_intents', STRIPE_TIMEOUT_MS, exception);
    t = psp.end + rng.lognormal(0.8, 0.3);
    hop.exception = exception;
    sim.note(hop, t, 'ERROR', 'payments', `charge failed: StripeConnectionError: ${message}`, { chargeId, upstream: 'api.stripe.com', timeoutMs: STRIPE_TIMEOUT_MS, durationMs: Math.round(t - start) });
    sim.finish(hop, t, 504, 96);
    return hop;
  }
  const declined = rng.chance(0.03);
  const psp = sim.callExternal(hop, t, 'POST', 'https://api.stripe.com/v1/payment_intents', rng.lognormal(190, 0.3), declined ? 402 : 200);
  t = psp.end;
  if (declined) {
    t += rng.lognormal(0.8, 0.3);
    sim.note(hop, t, 'WARN', 'payments', 'charge declined', { chargeId, reason: rng.pick(['card_declined', 'insufficient_funds', 'expired_card']), durationMs: Math.round(t - start) });
    sim.finish(hop, t, 402, 118);
    return hop;
  }
  if (rng.chance(0.2)) sim.note(hop, t, 'DEBUG', 'stripe', `payment_intent ${intent} authorised`, { durationMs: Math.round(psp.end - psp.start) });

  // The ledger write: normally single-digit ms; during the incident, throttled and retried.
  const intensity = sim.intensity(t);
  const throttledOut = intensity > 0 && rng.chance(0.72 * intensity);
  const retried = !throttledOut && intensity > 0 && rng.chance(0.7 * intensity);
  if (throttledOut || retried) {
    const attempts = throttledOut ? 3 : rng.int(2, 3);
    let at = t;
    for (let attempt = 2; attempt <= attempts; attempt++) {
      at += rng.lognormal(throttledOut ? 380 : 160, 0.35);
      sim.note(hop, at, 'WARN', 'ledger', 'PutItem throttled, retrying', { table: PAYMENTS_LEDGER_TABLE, attempt, maxAttempts: 3 });
    }
  }
  const ledgerMs = throttledOut ? rng.lognormal(1400, 0.3) : retried ? rng.lognormal(420, 0.35) : rng.lognormal(8, 0.35);
  const ledger = sim.awsCall(
    hop,
    t,
    'DynamoDB',
    'PutItem',
    ledgerMs,
    { table_name: PAYMENTS_LEDGER_TABLE },
    throttledOut
      ? {
          status: 400,
          retries: 2,
          throttle: true,
          exception: {
            type: 'ProvisionedThroughputExceededException',
            message: THROUGHPUT_MESSAGE,
            remote: true,
            stack: stack('payments-api', [['node_modules/@smithy/smithy-client/dist-cjs/index.js', 867, 'throwDefaultError'], ['src/ledger/ledger-writer.ts', 52, 'LedgerWriter.append'], ['src/charges/create-charge.ts', 88, 'createCharge']]),
          },
          inferredOrigin: 'AWS::DynamoDB::Table',
        }
      : { retries: retried ? 1 : 0, inferredOrigin: 'AWS::DynamoDB::Table' },
  );
  t = ledger.end;
  if (throttledOut) {
    hop.exception = {
      type: 'ProvisionedThroughputExceededException',
      message: THROUGHPUT_MESSAGE,
      remote: true,
      stack: ledger.exception?.stack ?? [],
    };
    sim.note(hop, t + 0.3, 'ERROR', 'payments', `charge failed: ProvisionedThroughputExceededException: ${THROUGHPUT_MESSAGE}`, { chargeId, table: PAYMENTS_LEDGER_TABLE, attempts: 3 });
    // Void the authorisation so the customer is not charged for a payment we could not record.
    const voidCall = sim.callExternal(hop, t + 0.5, 'POST', `https://api.stripe.com/v1/payment_intents/${intent}/cancel`, rng.lognormal(160, 0.3), 200);
    t = voidCall.end + rng.lognormal(0.8, 0.3);
    sim.note(hop, t, 'INFO', 'stripe', 'authorisation voided', { paymentIntent: intent, chargeId });
    sim.finish(hop, t, 500, 131);
    hop.fault = true;
    return hop;
  }
  t += rng.lognormal(1, 0.3);
  sim.note(hop, t, 'INFO', 'payments', 'charge captured', { chargeId, amount: order.amount, currency: order.currency, durationMs: Math.round(t - start) });
  sim.finish(hop, t, 201, rng.int(280, 340));
  return hop;
}

// ---------------------------------------------------------------------------------------------
// orders-service and its database.

function ordersCreate(sim: Simulation, start: number, parentId: string, order: { items: number; reservation: string; customer: string }): SimHop {
  const hop = sim.ecsHop('orders-service', start, 'POST', '/v1/orders', '/v1/orders', parentId);
  const rng = sim.rng;
  const orderId = `ord_${rng.hex(14)}`;
  hop.annotations = { order_id: orderId, items: order.items };
  let t = start + rng.lognormal(1.2, 0.4);
  const insert = sim.sqlCall(hop, t, 'INSERT INTO orders (id, customer_id, status, total_cents, currency, created_at) VALUES ($1, $2, $3, $4, $5, now())', rng.lognormal(3.2, 0.45));
  t = insert.end + 0.2;
  const lines = sim.sqlCall(hop, t, 'INSERT INTO order_items (order_id, sku, quantity, unit_price_cents) SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])', rng.lognormal(2.6, 0.45));
  t = lines.end + 0.3;
  if (rng.chance(0.15)) sim.note(hop, t, 'DEBUG', 'db', 'transaction committed', { orderId, statements: 2, durationMs: Math.round((t - insert.start) * 10) / 10 });
  const commit = sim.callService(hop, t, 'POST', (s, p) => inventoryReservation(sim, s, p, 'commit', order.reservation, order.items));
  t = commit.end + 0.3;
  // Order confirmation mail: asynchronous Lambda invocation (202 Accepted).
  const invoke = sim.awsCall(hop, t, 'Lambda', 'Invoke', rng.lognormal(22, 0.3), { function_name: 'email-sender', invocation_type: 'Event', resource_names: ['email-sender'] }, { status: 202 });
  invoke.downstream = emailSender(sim, invoke.end + rng.lognormal(45, 0.5), invoke.id, orderId);
  t = invoke.end + rng.lognormal(0.8, 0.3);
  sim.note(hop, t, 'INFO', 'orders', 'order created', { orderId, items: order.items, customer: order.customer, durationMs: Math.round(t - start) });
  sim.finish(hop, t, 201, rng.int(400, 700));
  return hop;
}

function ordersRead(sim: Simulation, start: number, parentId: string, kind: 'cart' | 'history'): SimHop {
  const rng = sim.rng;
  const id = kind === 'cart' ? `cart_${rng.hex(10)}` : `cus_${rng.hex(10)}`;
  const hop = kind === 'cart'
    ? sim.ecsHop('orders-service', start, 'GET', '/v1/carts/:id', `/v1/carts/${id}`, parentId)
    : sim.ecsHop('orders-service', start, 'GET', '/v1/orders', `/v1/orders?customer=${id}&limit=20`, parentId);
  let t = start + rng.lognormal(0.9, 0.4);
  // Order history misses an index on a few large customers: the slow statements in orders-db's log.
  const slow = kind === 'history' && rng.chance(0.06);
  const query = kind === 'cart'
    ? 'SELECT c.id, i.sku, i.quantity, i.unit_price_cents FROM carts c JOIN cart_items i ON i.cart_id = c.id WHERE c.id = $1'
    : 'SELECT id, status, total_cents, currency, created_at FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT $2';
  const sql = sim.sqlCall(hop, t, query, slow ? rng.lognormal(520, 0.35) : rng.lognormal(2.4, 0.5));
  t = sql.end + rng.lognormal(0.7, 0.4);
  if (slow) sim.note(hop, t, 'WARN', 'db', 'slow query', { durationMs: Math.round(sql.end - sql.start), statement: 'orders_by_customer', customer: id });
  else if (rng.chance(0.12)) sim.note(hop, t, 'DEBUG', 'db', 'query', { statement: kind === 'cart' ? 'cart_with_items' : 'orders_by_customer', durationMs: Math.round((sql.end - sql.start) * 10) / 10 });
  hop.annotations = kind === 'cart' ? { cart_id: id } : { customer_id: id };
  sim.note(hop, t, 'INFO', 'http', 'request completed', { method: 'GET', path: hop.url?.slice(hop.url.indexOf('/v1')) ?? hop.route, status: 200, durationMs: Math.round(t - start) });
  sim.finish(hop, t, 200, rng.int(300, 4200));
  return hop;
}

// ---------------------------------------------------------------------------------------------
// The cross-team refund: payments-api asks orders-service, which refuses (demo-organisation.ts).

function ordersRefundCheck(sim: Simulation, start: number, parentId: string, orderId: string): SimHop {
  const rng = sim.rng;
  const hop = sim.ecsHop('orders-service', start, 'GET', '/v1/orders/:id/refund-check', `/v1/orders/${orderId}/refund-check`, parentId);
  hop.annotations = { order_id: orderId, audit_ref: CROSS_TEAM_SECRETS.annotation };
  hop.metadata = { audit: { token: CROSS_TEAM_SECRETS.metadata, reviewer: 'orders-oncall' } };
  let t = start + rng.lognormal(0.9, 0.4);
  const sql = sim.sqlCall(hop, t, `/* audit='${CROSS_TEAM_SECRETS.sql}' */ SELECT id, status, shipped_at FROM orders WHERE id = $1 FOR SHARE`, rng.lognormal(2.8, 0.4));
  t = sql.end + rng.lognormal(0.6, 0.3);
  const message = `refund window closed for ${orderId} (audit ${CROSS_TEAM_SECRETS.exception})`;
  hop.exception = { type: 'RefundWindowClosedError', message, stack: stack('orders-service', [['src/refunds/refund-check.ts', 44, 'checkRefund'], ['src/routes/orders.ts', 131, 'GET /v1/orders/:id/refund-check']]) };
  sim.note(hop, t, 'WARN', 'refunds', 'refund refused: window closed', { orderId, audit: CROSS_TEAM_SECRETS.log });
  sim.finish(hop, t, 409, 88);
  return hop;
}

function paymentsRefund(sim: Simulation, start: number, parentId: string, orderId: string): SimHop {
  const rng = sim.rng;
  const hop = sim.ecsHop('payments-api', start, 'POST', '/v1/refunds', '/v1/refunds', parentId);
  const refundId = `re_${rng.hex(20)}`;
  hop.annotations = { operation: 'refund' };
  sim.note(hop, start + 0.2, 'INFO', 'refunds', 'refund requested', { refundId, orderId });
  let t = start + rng.lognormal(1.2, 0.4);
  const check = sim.callService(hop, t, 'GET', (s, p) => ordersRefundCheck(sim, s, p, orderId));
  t = check.end + rng.lognormal(0.8, 0.3);
  sim.note(hop, t, 'WARN', 'refunds', 'refund refused by orders-service', { refundId, orderId, upstreamStatus: check.http?.status ?? 0 });
  sim.finish(hop, t, 409, 104);
  return hop;
}

function checkoutRefund(sim: Simulation, start: number): SimHop {
  const rng = sim.rng;
  const orderId = `ord_${rng.hex(14)}`;
  const path = `/account/orders/${orderId}/refund`;
  const hop = sim.ecsHop('checkout-web', start, 'POST', '/account/orders/:id/refund', path);
  hop.url = `https://shop.example.com${path}?session=${CROSS_TEAM_SECRETS.url}`;
  hop.userAgent = rng.pick(BROWSERS);
  hop.clientIp = publicIp(rng);
  hop.forwarded = true;
  hop.annotations = { route: '/account/orders/:id/refund', customer_tier: rng.pick(TIERS) };
  let t = start + rng.lognormal(2, 0.4);
  const refund = sim.callService(hop, t, 'POST', (s, p) => paymentsRefund(sim, s, p, orderId));
  t = refund.end + rng.lognormal(1.5, 0.4);
  sim.note(hop, t, 'INFO', 'http', `POST ${path} 409 ${Math.round(t - start)}ms`, { reqId: hop.requestId });
  sim.finish(hop, t, 409, rng.int(300, 600));
  return hop;
}

// ---------------------------------------------------------------------------------------------
// Lambda functions.

const LAMBDA_MEMORY: Record<LambdaFunctionName, number> = { thumbnailer: 1024, 'email-sender': 256 };
/** Each execution environment writes its own stream; environments are recycled every 45 minutes. */
const ENVIRONMENT_LIFETIME_MS = 45 * 60_000;

function lambdaHop(sim: Simulation, fn: LambdaFunctionName, start: number, parentId: string | undefined, concurrency: number): SimHop {
  const rng = sim.rng;
  const block = Math.floor(start / ENVIRONMENT_LIFETIME_MS);
  const environment = rng.int(0, concurrency - 1);
  const streamRng = new DemoRandom(mixSeed(sim.setup.seed, nameSeed(fn), block, environment));
  const day = new Date(block * ENVIRONMENT_LIFETIME_MS).toISOString().slice(0, 10).replaceAll('-', '/');
  // The first minute of an environment's life holds its cold start.
  const coldStart = start - block * ENVIRONMENT_LIFETIME_MS < 60_000 && rng.chance(0.6);
  const requestId = rng.uuid();
  const hop: SimHop = {
    service: fn,
    id: '',
    origin: 'AWS::Lambda::Function',
    start,
    end: start,
    route: fn,
    status: 200,
    contentLength: 0,
    error: false,
    fault: false,
    throttle: false,
    spans: [],
    annotations: {},
    requestId,
    notes: [],
    lambda: {
      fn,
      requestId,
      logStream: `${day}/[$LATEST]${streamRng.hex(32)}`,
      coldStart,
      initMs: coldStart ? rng.lognormal(fn === 'thumbnailer' ? 640 : 210, 0.2) : 0,
      memoryMb: LAMBDA_MEMORY[fn],
      maxMemoryUsedMb: 0,
      serviceSegmentId: '',
      failed: false,
    },
  };
  if (parentId !== undefined) hop.parentId = parentId;
  sim.hops.push(hop);
  return hop;
}

function emailSender(sim: Simulation, start: number, parentId: string, orderId: string): SimHop {
  const rng = sim.rng;
  const hop = lambdaHop(sim, 'email-sender', start, parentId, 2);
  const lambda = hop.lambda as NonNullable<SimHop['lambda']>;
  let t = start + lambda.initMs + rng.lognormal(1.5, 0.3);
  const template = 'order-confirmation';
  sim.note(hop, t, 'INFO', 'mailer', 'rendering template', { template, orderId });
  t += rng.lognormal(14, 0.4);
  const throttled = rng.chance(0.003);
  const send = sim.awsCall(hop, t, 'SESv2', 'SendEmail', rng.lognormal(62, 0.3), { resource_names: ['orders@shop.example.com'] }, throttled
    ? { status: 400, throttle: true, exception: { type: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.', remote: true } }
    : {});
  t = send.end + rng.lognormal(1.2, 0.3);
  lambda.maxMemoryUsedMb = rng.int(88, 104);
  hop.annotations = { template, order_id: orderId };
  if (throttled) {
    lambda.failed = true;
    // An unhandled error in the handler: Lambda and X-Ray report it as a fault.
    hop.fault = true;
    hop.exception = { type: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.', remote: true, stack: stack('email-sender', [['src/handler.ts', 37, 'sendConfirmation']]) };
    sim.note(hop, t, 'ERROR', 'mailer', 'Invoke Error', { errorType: 'TooManyRequestsException', errorMessage: 'Maximum sending rate exceeded.' });
  } else {
    sim.note(hop, t, 'INFO', 'mailer', 'email sent', { template, orderId, messageId: `0100${rng.hex(12)}-${rng.uuid()}-000000` });
  }
  hop.end = t;
  return hop;
}

function thumbnailer(sim: Simulation, start: number): SimHop {
  const rng = sim.rng;
  const hop = lambdaHop(sim, 'thumbnailer', start, undefined, 3);
  const lambda = hop.lambda as NonNullable<SimHop['lambda']>;
  const key = `uploads/${rng.hex(8)}/${rng.pick(['IMG', 'DSC', 'photo', 'product'])}_${rng.int(1000, 9999)}.${rng.pick(['jpg', 'jpg', 'png', 'heic'])}`;
  const bytes = Math.round(rng.lognormal(2_400_000, 0.6));
  hop.annotations = { bucket: 'demo-uploads', content_type: key.endsWith('png') ? 'image/png' : key.endsWith('heic') ? 'image/heic' : 'image/jpeg' };
  hop.metadata = { default: { key, bytes } };
  let t = start + lambda.initMs + rng.lognormal(2, 0.3);
  const get = sim.awsCall(hop, t, 'S3', 'GetObject', rng.lognormal(40 + bytes / 120_000, 0.3), { bucket_name: 'demo-uploads', key }, { inferredOrigin: 'AWS::S3::Bucket' });
  t = get.end;
  if (rng.chance(0.012)) {
    t += rng.lognormal(120, 0.3);
    lambda.failed = true;
    lambda.maxMemoryUsedMb = rng.int(700, 1010);
    // An unhandled error in the handler (Lambda counts it in Errors): a fault, as email-sender's.
    hop.fault = true;
    hop.exception = { type: 'Error', message: 'Input image exceeds pixel limit', stack: stack('thumbnailer', [['node_modules/sharp/lib/output.js', 1587, 'Sharp._pipeline'], ['src/resize.ts', 23, 'resize'], ['src/handler.ts', 31, 'handler']]) };
    sim.note(hop, t, 'ERROR', 'thumbnailer', 'Invoke Error', { errorType: 'Error', errorMessage: 'Input image exceeds pixel limit', key });
    hop.end = t;
    return hop;
  }
  t += rng.lognormal(380 + bytes / 12_000, 0.25);
  sim.note(hop, t, 'DEBUG', 'thumbnailer', 'resized', { key, sizes: '320,1024', durationMs: Math.round(t - get.end) });
  for (const size of [320, 1024]) {
    const put = sim.awsCall(hop, t, 'S3', 'PutObject', rng.lognormal(35, 0.3), { bucket_name: 'demo-thumbnails', key: key.replace('uploads/', `thumbs/${size}/`) }, { inferredOrigin: 'AWS::S3::Bucket' });
    t = put.end;
  }
  t += rng.lognormal(1, 0.3);
  lambda.maxMemoryUsedMb = rng.int(180, 320);
  sim.note(hop, t, 'INFO', 'thumbnailer', 'thumbnails written', { key, bucket: 'demo-thumbnails', bytes, durationMs: Math.round(t - start) });
  hop.end = t;
  return hop;
}

// ---------------------------------------------------------------------------------------------
// checkout-web: the entry point behind the ALB.

function publicIp(rng: DemoRandom): string {
  return `${rng.pick([81, 92, 109, 145, 176, 188, 203, 212])}.${rng.int(1, 254)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

function checkoutWeb(sim: Simulation, start: number, flow: EdgeFlow): SimHop {
  const rng = sim.rng;
  const sku = `sku-${1000 + rng.int(0, SKUS - 1)}`;
  const path = flow === 'product' ? `/products/${sku}` : flow === 'home' ? '/' : flow === 'cart' ? '/cart' : flow === 'checkout' ? '/checkout' : flow === 'orders' ? '/account/orders' : '/api/session';
  const route = flow === 'product' ? '/products/:sku' : path;
  const method = flow === 'checkout' ? 'POST' : 'GET';
  const hop = sim.ecsHop('checkout-web', start, method, route, path);
  hop.url = `https://shop.example.com${path}`;
  hop.userAgent = rng.pick(BROWSERS);
  hop.clientIp = publicIp(rng);
  hop.forwarded = true;
  const tier = rng.pick(TIERS);
  hop.annotations = { route, customer_tier: tier };
  let t = start + rng.lognormal(flow === 'session' ? 1.2 : 3, 0.45);
  if (flow !== 'session' && rng.chance(0.06)) sim.note(hop, t, 'DEBUG', 'ssr', `render ${route}`, { cache: rng.chance(0.7) ? 'hit' : 'miss' });
  let status = 200;
  let bytes = rng.int(14_000, 48_000);

  const slowUpstream = (span: SimSpan): void => {
    if (span.end - span.start > 1000) sim.note(hop, span.end, 'WARN', 'http', `slow upstream ${span.name}`, { durationMs: Math.round(span.end - span.start), path: span.http?.url ?? '' });
  };

  if (flow === 'product' || flow === 'home') {
    const lookups = flow === 'home' ? 2 : 1;
    for (let i = 0; i < lookups; i++) {
      const item = i === 0 ? sku : `sku-${1000 + rng.int(0, SKUS - 1)}`;
      const span = sim.callService(hop, t, 'GET', (s, p) => inventoryStock(sim, s, p, item));
      t = span.end + 0.2;
      if (span.fault) {
        // The page still renders, without the stock badge.
        sim.note(hop, t, 'WARN', 'stock', 'stock unavailable, rendering without availability', { sku: item, upstreamStatus: span.http?.status ?? 0 });
      }
    }
    t += rng.lognormal(9, 0.5);
  } else if (flow === 'cart' || flow === 'orders') {
    const span = sim.callService(hop, t, 'GET', (s, p) => ordersRead(sim, s, p, flow === 'cart' ? 'cart' : 'history'));
    slowUpstream(span);
    t = span.end + rng.lognormal(7, 0.5);
  } else if (flow === 'checkout') {
    const items = rng.int(1, 5);
    const amount = items * rng.int(799, 8999);
    const currency = rng.pick(CURRENCIES);
    const customer = `cus_${rng.hex(10)}`;
    const reservation = `rsv_${rng.hex(12)}`;
    hop.annotations['items'] = items;
    bytes = rng.int(900, 2400);
    const reserve = sim.callService(hop, t, 'POST', (s, p) => inventoryReservation(sim, s, p, 'reserve', reservation, items));
    t = reserve.end + 0.4;
    if (reserve.http?.status === 409) {
      status = 409;
      sim.note(hop, t, 'WARN', 'checkout', 'checkout rejected: item out of stock', { reservation, items });
    } else {
      const charge = sim.callService(hop, t, 'POST', (s, p) => paymentsCharge(sim, s, p, { amount, currency, customer, tier }));
      slowUpstream(charge);
      t = charge.end + 0.4;
      const chargeStatus = charge.http?.status ?? 0;
      if (chargeStatus >= 500) {
        status = 502;
        hop.exception = { type: 'UpstreamError', message: `payments-api responded ${chargeStatus}`, remote: true, stack: stack('checkout-web', [['src/checkout/place-order.ts', 64, 'placeOrder'], ['src/server/routes/checkout.ts', 27, 'POST /checkout']]) };
        sim.note(hop, t, 'ERROR', 'checkout', `payment failed: payments-api responded ${chargeStatus}`, { reservation, amount, currency });
        const release = sim.callService(hop, t, 'DELETE', (s, p) => inventoryReservation(sim, s, p, 'release', reservation, items));
        t = release.end + 0.3;
      } else if (chargeStatus === 402) {
        status = 402;
        sim.note(hop, t, 'INFO', 'checkout', 'payment declined', { reservation });
        const release = sim.callService(hop, t, 'DELETE', (s, p) => inventoryReservation(sim, s, p, 'release', reservation, items));
        t = release.end + 0.3;
      } else {
        const order = sim.callService(hop, t, 'POST', (s, p) => ordersCreate(sim, s, p, { items, reservation, customer }));
        t = order.end + rng.lognormal(2, 0.4);
        const orderId = order.downstream?.annotations['order_id'];
        sim.note(hop, t, 'INFO', 'checkout', 'order placed', { orderId: String(orderId), total: (amount / 100).toFixed(2), currency });
      }
    }
  }
  t += rng.lognormal(0.6, 0.3);
  sim.note(hop, t, 'INFO', 'http', `${method} ${path} ${status} ${Math.round(t - start)}ms`, { reqId: hop.requestId });
  sim.finish(hop, t, status, bytes);
  return hop;
}

/** A bot's request: a scanner probing for a file (404) or the price scraper over its limit (429). */
function botRequest(sim: Simulation, start: number): SimHop {
  const rng = sim.rng;
  const scraper = rng.chance(0.4);
  const path = scraper ? `/products/sku-${1000 + rng.int(0, SKUS - 1)}` : rng.pick(PROBE_PATHS);
  const route = scraper ? '/products/:sku' : 'unmatched';
  const hop = sim.ecsHop('checkout-web', start, 'GET', route, path);
  hop.url = `https://shop.example.com${path}`;
  hop.userAgent = scraper ? SCRAPER_AGENT : rng.pick(SCANNER_AGENTS);
  hop.clientIp = scraper ? `198.51.100.${rng.int(20, 23)}` : publicIp(rng);
  hop.forwarded = true;
  hop.annotations = { route, bot: true };
  const t = start + rng.lognormal(0.7, 0.4);
  const status = scraper ? 429 : 404;
  if (scraper) sim.note(hop, t, 'WARN', 'ratelimit', 'rate limit exceeded, answering 429', { ip: hop.clientIp, limitPerMinute: RATE_LIMIT_PER_MINUTE, path, userAgent: hop.userAgent });
  else sim.note(hop, t, 'WARN', 'http', 'no route for probe', { path, ip: hop.clientIp, userAgent: hop.userAgent });
  const end = t + rng.lognormal(0.3, 0.3);
  sim.note(hop, end, 'INFO', 'http', `GET ${path} ${status} ${Math.round(end - start)}ms`, { reqId: hop.requestId });
  sim.finish(hop, end, status, scraper ? 142 : 0);
  return hop;
}

// ---------------------------------------------------------------------------------------------

function traceIdAt(rng: DemoRandom, t: number): string {
  return `1-${Math.floor(t / 1000).toString(16).padStart(8, '0')}-${rng.hex(24)}`;
}

const DYNAMODB_ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUV0123456789';

function awsRequestId(rng: DemoRandom, service: string): string {
  if (service !== 'DynamoDB') return rng.uuid();
  // DynamoDB request ids: 52 upper-case base32 characters.
  let id = '';
  for (let i = 0; i < 52; i++) id += DYNAMODB_ID_CHARS[Math.floor(rng.next() * 32)] as string;
  return id;
}

/**
 * Gives a traced request its X-Ray ids. Only sampled requests need them, so the simulation leaves
 * them empty and this fills them in, linking each downstream segment to its caller's subsegment.
 */
function assignTraceIds(rng: DemoRandom, hop: SimHop): void {
  hop.id = rng.hex(16);
  if (hop.lambda) hop.lambda.serviceSegmentId = rng.hex(16);
  const visit = (spans: readonly SimSpan[]): void => {
    for (const span of spans) {
      span.id = rng.hex(16);
      if (span.aws) span.aws['request_id'] = awsRequestId(rng, span.name);
      if (span.inferred) span.inferred.id = rng.hex(16);
      if (span.downstream) {
        span.downstream.parentId = span.id;
        assignTraceIds(rng, span.downstream);
      }
      if (span.subsegments) visit(span.subsegments);
    }
  };
  visit(hop.spans);
}

function buildRequest(sim: Simulation, entry: SimRequest['entry'], root: SimHop, at: number, alwaysSampled = false): SimRequest {
  let end = root.end;
  let faulty = false;
  for (const hop of sim.hops) {
    if (hop.end > end) end = hop.end;
    if (hop.fault) faulty = true;
  }
  const sampled = faulty || alwaysSampled || sim.rng.chance(TRACE_SAMPLE_RATE);
  if (sampled) assignTraceIds(sim.rng, root);
  const request: SimRequest = {
    traceId: sampled ? traceIdAt(sim.rng, at) : '',
    sampled,
    entry,
    start: root.start,
    end: Math.min(end, root.start + MAX_REQUEST_MS),
    root,
    hops: sim.hops,
  };
  if (entry === 'checkout-web') request.edgeStatus = root.status;
  return request;
}

/** Simulates every request that starts in the minute `minute` (epoch minutes). */
export function simulateMinute(setup: TrafficSetup, minute: number): MinuteTraffic {
  const rng = new DemoRandom(mixSeed(setup.seed, minute, 1));
  const from = minute * 60_000;
  const requests: SimRequest[] = [];
  const albRejections: AlbRejection[] = [];
  const load = dailyLoad(from);

  const edgeMean = 1000 / (PEAK_EDGE_RPS * load);
  for (let t = from + rng.exponential(edgeMean); t < from + 60_000; t += rng.exponential(edgeMean)) {
    const at = Math.floor(t);
    // Under the incident, checkout-web's saturated tasks reset some connections: the ALB answers 502.
    if (rng.chance(0.0004 + 0.05 * incidentIntensity(setup.incidentStart, at))) {
      albRejections.push({ at, status: rng.chance(0.85) ? 502 : 503 });
      continue;
    }
    const sim = new Simulation(rng, setup);
    const flow = rng.weighted(EDGE_FLOWS, EDGE_WEIGHTS);
    const root = checkoutWeb(sim, at, flow);
    requests.push(buildRequest(sim, 'checkout-web', root, at));
  }

  const uploadMean = 1000 / (PEAK_UPLOAD_RPS * load);
  for (let t = from + rng.exponential(uploadMean); t < from + 60_000; t += rng.exponential(uploadMean)) {
    const at = Math.floor(t);
    const sim = new Simulation(rng, setup);
    const root = thumbnailer(sim, at);
    requests.push(buildRequest(sim, 'thumbnailer', root, at));
  }

  // Everyday trouble, each from its own streams so that the traffic above does not change with it.
  const slot = Math.floor(from / PAYMENT_TIMEOUT_SLOT_MS);
  const timeoutAt = slot * PAYMENT_TIMEOUT_SLOT_MS + Math.floor(new DemoRandom(mixSeed(setup.seed, slot, 5)).next() * PAYMENT_TIMEOUT_SLOT_MS);
  if (timeoutAt >= from && timeoutAt < from + 60_000) {
    const sim = new Simulation(new DemoRandom(mixSeed(setup.seed, minute, 4)), setup, 'stripe-timeout');
    const root = checkoutWeb(sim, timeoutAt, 'checkout');
    requests.push(buildRequest(sim, 'checkout-web', root, timeoutAt));
  }
  const refundSlot = Math.floor(from / REFUND_CHECK_SLOT_MS);
  const refundAt = refundSlot * REFUND_CHECK_SLOT_MS + Math.floor(new DemoRandom(mixSeed(setup.seed, refundSlot, 6)).next() * REFUND_CHECK_SLOT_MS);
  if (refundAt >= from && refundAt < from + 60_000) {
    const sim = new Simulation(new DemoRandom(mixSeed(setup.seed, minute, 7)), setup);
    const request = buildRequest(sim, 'checkout-web', checkoutRefund(sim, refundAt), refundAt, true);
    request.refundCheck = true;
    requests.push(request);
  }
  const botRng = new DemoRandom(mixSeed(setup.seed, minute, 3));
  for (let slotStart = from; slotStart < from + 60_000; slotStart += BOT_SLOT_MS) {
    const at = slotStart + Math.floor(botRng.next() * BOT_SLOT_MS);
    const sim = new Simulation(botRng, setup);
    requests.push(buildRequest(sim, 'checkout-web', botRequest(sim, at), at));
  }
  return { minute, requests, albRejections };
}

/** A request-id-free random stream for a minute's background chatter (pool stats, checkpoints). */
export function backgroundRandom(seed: number, minute: number, lane: string): DemoRandom {
  return new DemoRandom(mixSeed(seed, minute, nameSeed(lane)));
}
