// A caller narrowed to payments-* walks every field that can reach another service's data, with a
// token and with a JWT, over both trace sources (profile demo: X-Ray, demo-otel: aws/spans), as
// text and as the shipped trusted documents with enforce = true, over HTTP, @defer, SSE and
// graphql-ws. The demo's cross-team refund traces (checkout-web -> payments-api -> orders-service)
// carry secrets in the storefront's and the orders team's spans and lines: the whole JSON of every
// response the narrowed caller gets holds none of them, while a caller of the whole profile sees
// every one. Plus the JWT scope claims named after built-in object properties, which grant nothing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CROSS_TEAM_SECRETS, DEMO_LOG_GROUPS, DEMO_SERVICES } from '../../src/emulator/demo-organisation.ts';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { listen, type RunningServer } from '../../src/server/http-server.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';
import { startJwksServer, type JwksServer } from '../support/jwks-server.ts';
import { configFromToml } from '../support/test-gateway.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const ADMIN = 'tkr_every_path_admin';
const PAYMENTS = 'tkr_every_path_payments';
const PAYMENTS_FULL = 'tkr_every_path_payments_full';
const ORDERS = 'tkr_every_path_orders';
const PROFILES = ['demo', 'demo-otel'] as const;
const SECRETS = Object.entries(CROSS_TEAM_SECRETS);
/** Other teams' log groups: a payments-* caller sees none of their names. */
const FOREIGN_GROUPS = DEMO_LOG_GROUPS.filter((group) => group !== '/ecs/payments-api');
const BUILT_IN_NAMES = Object.getOwnPropertyNames(Object.prototype);
/** The shipped trusted documents by operation name. */
const DOCUMENT_IDS = new Map(
  Object.entries(JSON.parse(readFileSync(new URL('../../src/generated/persisted-documents.json', import.meta.url), 'utf8')) as Record<string, string>).map(([id, text]) => [
    /(?:query|subscription) (\w+)/.exec(text)?.[1] ?? '',
    id,
  ]),
);

const PROFILES_TOML = `[logs]
tail_interval = "500ms"
[profiles.demo]
backend = "local"
active = true
[profiles.demo-otel]
backend = "local"
traces_source = "spans"
`;

const tokenToml = (enforce: boolean) => `[server]
port = 0
auth = "token"
token_sha256 = ["${sha(ADMIN)}"]
[server.trusted_documents]
enforce = ${enforce}
[[server.tokens]]
name = "payments-dashboard"
sha256 = "${sha(PAYMENTS)}"
services = ["payments-*"]
[[server.tokens]]
name = "payments-full"
sha256 = "${sha(PAYMENTS_FULL)}"
services = ["payments-*"]
foreign_spans = "full"
[[server.tokens]]
name = "orders-dashboard"
sha256 = "${sha(ORDERS)}"
services = ["orders-*"]
${PROFILES_TOML}`;

const jwtToml = (jwksUrl: string, enforce: boolean) => `[server]
port = 0
auth = "jwt"
[server.trusted_documents]
enforce = ${enforce}
[server.jwt]
jwks_url = "${jwksUrl}"
issuer = "https://idp.example.com/"
audience = "tinkr-gateway"
scope_claim = "groups"
[server.jwt.scopes.payments-team]
services = ["payments-*"]
[server.jwt.scopes.payments-full]
services = ["payments-*"]
foreign_spans = "full"
[server.jwt.scopes.admins]
${PROFILES_TOML}`;

let local: LocalEmulator;
let jwks: JwksServer;
const runtimes: GatewayRuntime[] = [];
const servers: RunningServer[] = [];
const sockets: Client[] = [];
/** The cross-team refund trace the walk reads, and a product trace that does not go through payments-api. */
let crossTrace: string;
let foreignTrace: string;

interface Gateway {
  yoga: GatewayYoga;
  wsUrl: string;
}
interface Gateways {
  text: Gateway;
  trusted: Gateway;
}

async function gatewayOf(toml: string): Promise<Gateway> {
  const runtime = new GatewayRuntime(configFromToml(toml), { url: local.emulator.url, services: demoServiceConfigs() });
  runtimes.push(runtime);
  const yoga = createGatewayYoga({ runtime, now: local.clock });
  const server = await listen(yoga, runtime, pino({ level: 'silent' }));
  servers.push(server);
  return { yoga, wsUrl: `${server.url.replace(/^http/, 'ws')}/graphql` };
}

let tokenGateways: Gateways;
let jwtGateways: Gateways;

beforeAll(async () => {
  local = await startLocalEmulator({ host: '127.0.0.1', port: 0, liveFeed: false, historyHours: 2, spans: true });
  jwks = await startJwksServer();
  tokenGateways = { text: await gatewayOf(tokenToml(false)), trusted: await gatewayOf(tokenToml(true)) };
  jwtGateways = { text: await gatewayOf(jwtToml(jwks.url, false)), trusted: await gatewayOf(jwtToml(jwks.url, true)) };
  const now = local.clock();
  const settled = local.facts!.crossTeamTraceIds.filter((id) => Number.parseInt(id.slice(2, 10), 16) * 1000 < now - 2 * 60_000);
  crossTrace = settled.at(-1)!;
  foreignTrace = local.facts!.exampleTraceIds.product!;
  // A payments-api line that mentions another team's trace (outsiders can put ids into logs).
  local.stores.logs.putLogEvents('/ecs/payments-api', 'ecs/payments-api/planted', [{ timestamp: now - 60_000, message: `WARN [webhook] unknown reference trace=${foreignTrace}` }]);
}, 120_000);

afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.dispose()));
  for (const server of servers) await server.close();
  for (const runtime of runtimes) await runtime.close();
  await jwks?.close();
  await local?.close();
});

/** A caller of one of the two gateways (token or JWT auth): its Authorization header and where it asks. */
interface Who {
  name: string;
  gateways: () => Gateways;
  authorization: () => Promise<string>;
}

const token = (name: string, value: string): Who => ({ name, gateways: () => tokenGateways, authorization: async () => `Bearer ${value}` });
const jwt = (name: string, groups: unknown): Who => ({
  name,
  gateways: () => jwtGateways,
  authorization: async () => `Bearer ${await jwks.sign({ claims: { sub: `${name}@example.com`, groups } })}`,
});

interface Answer {
  status: number;
  text: string;
  /** The JSON body, or the parts of a multipart body. */
  parts: any[];
}

function multipartParts(body: string, contentType: string): any[] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  return body
    .split(`--${boundary}`)
    .map((part) => part.split(/\r?\n\r?\n/).slice(1).join('\n\n').trim())
    .filter((json) => json.startsWith('{'))
    .map((json) => JSON.parse(json));
}

/** Every response body a caller got, to search whole for secrets. */
const seen = new Map<string, string[]>();

async function ask(who: Who, body: Record<string, unknown>, options: { trusted?: boolean } = {}): Promise<Answer> {
  const gateway = options.trusted ? who.gateways().trusted : who.gateways().text;
  const response = await gateway.yoga.fetch('http://tinkr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed, application/graphql-response+json, application/json', authorization: await who.authorization() },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  seen.set(who.name, [...(seen.get(who.name) ?? []), text]);
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, text, parts: type.includes('multipart') ? multipartParts(text, type) : [JSON.parse(text)] };
}

const query = (who: Who, text: string, variables?: Record<string, unknown>) => ask(who, { query: text, ...(variables ? { variables } : {}) });
const data = (answer: Answer): any => answer.parts[0]?.data;
const codes = (answer: Answer): string[] => answer.parts.flatMap((part) => [...(part.errors ?? []), ...(part.incremental ?? []).flatMap((item: any) => item.errors ?? [])]).map((error: any) => error.extensions?.code);

const SPAN_FIELDS = 'id parentId segmentId service name kind inferred namespace origin startTime durationMs error fault throttle redacted http { method url status userAgent clientIp } sql aws annotations metadata exceptions { id type message remote stack { path line label } }';
const TRACE_FIELDS = `id startTime durationMs responseTimeMs hasError hasFault hasThrottle services annotations http { method url status userAgent clientIp } spansIncomplete
  spans { ${SPAN_FIELDS} }
  rootSpans { ${SPAN_FIELDS} children { ${SPAN_FIELDS} children { ${SPAN_FIELDS} children { ${SPAN_FIELDS} } } } }
  logs(limit: 200) { logGroups queryString truncated events { timestamp message logGroup logStream traceId trace { id services spans { service name redacted sql http { url } } } } }`;

/** The walk over every field of one profile; returns what the caller got. */
async function walk(who: Who, profile: string): Promise<Record<string, Answer>> {
  const out: Record<string, Answer> = {};
  const p = JSON.stringify(profile);
  out['lists'] = await query(who, `{ profiles { name services { name } } profile(name: ${p}) { services { name } } services(profile: ${p}) { name } servicesPage(profile: ${p}) { totalCount services { name } } }`);
  out['foreignService'] = await query(who, `{ service(name: "orders-service", profile: ${p}) { name logs { events { message } } traces { traces { id } } } }`);
  out['map'] = await query(who, `{ serviceMap(profile: ${p}, range: { last: "1h" }) { nodes { name type } edges { source target requests } } service(name: "payments-api", profile: ${p}) { dependencies(range: { last: "1h" }) { nodes { name } edges { source target } } } }`);
  out['traceList'] = await query(
    who,
    `{ service(name: "payments-api", profile: ${p}) { traces(range: { last: "1h" }, filter: { error: true, flagScope: SERVICE }, limit: 100) { truncated traces { ${TRACE_FIELDS} } } } }`,
  );
  out['trace'] = await query(who, `{ trace(id: "${crossTrace}", profile: ${p}) { ${TRACE_FIELDS} } }`);
  out['deferredTrace'] = await query(who, `{ trace(id: "${crossTrace}", profile: ${p}) { id ... @defer { spans { ${SPAN_FIELDS} } annotations http { url } logs { logGroups queryString events { message } } } } }`);
  out['foreignTrace'] = await query(who, `{ trace(id: "${foreignTrace}", profile: ${p}) { id spans { name http { url } } } }`);
  out['logs'] = await query(
    who,
    `{ service(name: "payments-api", profile: ${p}) { logs(range: { last: "1h" }, limit: 200) { logGroups queryString events { message logGroup logStream traceId trace { id services spans { service redacted http { url } sql } } } } logVolume(range: { last: "1h" }) { count } } }`,
  );
  out['plantedLine'] = await query(who, `{ service(name: "payments-api", profile: ${p}) { logs(range: { last: "15m" }, filter: { contains: "unknown reference" }, limit: 5) { events { message trace { id spans { name http { url } } } } } } }`);
  out['explore'] = await query(
    who,
    `{ logGroups(profile: ${p}) { name } insightsQuery(profile: ${p}, query: "fields @message | limit 5", logGroups: ["/ecs/orders-service"]) { rows { value(field: "@message") } }
       metricData(profile: ${p}, queries: [{ id: "q", metric: { namespace: "AWS/ECS", metricName: "CPUUtilization", stat: "Average", dimensions: [{ name: "ServiceName", value: "orders-service" }, { name: "ClusterName", value: "demo-prod" }] } }]) { points { value } }
       traceSearch(profile: ${p}, filterExpression: "service(\\"orders-service\\")") { traces { id } }
       wholeCatalog: metricCatalog(profile: ${p}, namespace: "AWS/ECS") { metricName }
       foreignCatalog: metricCatalog(profile: ${p}, namespace: "AWS/ECS", service: "orders-service") { metricName } }`,
  );
  out['ownCatalog'] = await query(who, `{ metricCatalog(profile: ${p}, namespace: "AWS/ECS", service: "payments-api") { metricName dimensions { name value } } }`);
  out['urlFilter'] = await query(who, `{ service(name: "payments-api", profile: ${p}) { traces(range: { last: "1h" }, filter: { urlContains: "${CROSS_TEAM_SECRETS.url}" }) { traces { id } } } }`);
  return out;
}

async function trustedWalk(who: Who, profile: string): Promise<Record<string, Answer>> {
  const byId = (name: string, variables: Record<string, unknown>) => ask(who, { documentId: DOCUMENT_IDS.get(name), variables }, { trusted: true });
  return {
    ConsoleTrace: await byId('ConsoleTrace', { id: crossTrace, profile }),
    TraceDetail: await byId('TraceDetail', { id: crossTrace, profile }),
    ServiceTraces: await byId('ServiceTraces', { profile, names: ['payments-api'], filter: { error: true, flagScope: 'SERVICE' }, limit: 50 }),
    ConsoleService: await byId('ConsoleService', { profile, name: 'payments-api', range: { last: '1h' } }),
    ConsoleOverview: await byId('ConsoleOverview', { profile }),
    ServiceErrorLogs: await byId('ServiceErrorLogs', { profile, names: ['payments-api'], range: { last: '1h' } }),
    ServiceMap: await byId('ServiceMap', { profile }),
    ServiceMetrics: await byId('ServiceMetrics', { profile, names: ['payments-api'] }),
    MetricCatalog: await byId('MetricCatalog', { profile, namespace: 'AWS/ECS', service: 'payments-api' }),
    foreignNames: await byId('ServiceTraces', { profile, names: ['payments-api', 'orders-service'] }),
    foreignTrace: await byId('TraceDetail', { id: foreignTrace, profile }),
    text: await ask(who, { query: `{ trace(id: "${crossTrace}", profile: ${JSON.stringify(profile)}) { spans { http { url } } } }` }, { trusted: true }),
  };
}

function expectNoSecrets(where: string, text: string): void {
  for (const [name, secret] of SECRETS) expect(text.includes(secret), `${where}: the ${name} secret`).toBe(false);
  for (const group of FOREIGN_GROUPS) expect(text.includes(`"${group}"`), `${where}: log group ${group}`).toBe(false);
}

function allSpans(answer: Answer): any[] {
  const out: any[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record['redacted'] === 'boolean' && 'service' in record) out.push(record);
      Object.values(record).forEach(visit);
    }
  };
  answer.parts.forEach(visit);
  return out;
}

/** SSE: the first event of a subscription. */
async function sseFirst(who: Who, text: string): Promise<any> {
  const controller = new AbortController();
  const response = await who.gateways().text.yoga.fetch('http://tinkr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: await who.authorization() },
    body: JSON.stringify({ query: text }),
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  let buffer = '';
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const event = /event: next\ndata: (.*)\n/.exec(buffer);
      if (event) return JSON.parse(event[1]!);
    }
  } finally {
    controller.abort();
    await reader.cancel().catch(() => {});
  }
  throw new Error(`no event in ${buffer}`);
}

/** graphql-ws: the first result of a subscription. */
async function wsFirst(who: Who, text: string): Promise<ExecutionResult> {
  const socket = createClient({ url: who.gateways().text.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams: { authorization: await who.authorization() } });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no result in 15 s')), 15_000);
    const unsubscribe = socket.subscribe(
      { query: text },
      {
        next: (result) => {
          clearTimeout(timer);
          unsubscribe();
          resolve(result as ExecutionResult);
        },
        error: (error) => {
          clearTimeout(timer);
          reject(error);
        },
        complete: () => {},
      },
    );
  });
}

const NARROWED: Array<[string, () => Who]> = [
  ['a scoped token', () => token('payments-dashboard', PAYMENTS)],
  ['a JWT scope', () => jwt('payments-jwt', ['payments-team'])],
];

describe.each(NARROWED)('a payments-* caller with %s', (_kind, whoOf) => {
  it.each(PROFILES)('reads only its own service on every path of profile %s, and no planted secret', { timeout: 120_000 }, async (profile) => {
    const who = whoOf();
    const answers = await walk(who, profile);
    const lists = data(answers['lists']!);
    expect(lists.profiles).toEqual(PROFILES.map((name) => ({ name, services: [{ name: 'payments-api' }] })));
    expect(lists.profile.services).toEqual([{ name: 'payments-api' }]);
    expect(lists.services).toEqual([{ name: 'payments-api' }]);
    expect(lists.servicesPage).toEqual({ totalCount: 1, services: [{ name: 'payments-api' }] });
    expect(codes(answers['foreignService']!)).toEqual(['FORBIDDEN']);

    // The map: only calls from payments-api (to Stripe, its ledger, orders-service).
    const map = data(answers['map']!);
    expect(map.serviceMap.edges.length).toBeGreaterThan(0);
    for (const edge of [...map.serviceMap.edges, ...map.service.dependencies.edges]) expect(edge.source).toBe('payments-api');

    // Its traces: the cross-team refund is listed; other services' spans are the call graph only.
    const list = data(answers['traceList']!).service.traces.traces as any[];
    const refund = list.find((trace) => trace.id === crossTrace);
    expect(refund, 'the cross-team trace in the list').toBeDefined();
    const trace = data(answers['trace']!).trace;
    for (const viewed of [refund, trace]) {
      expect(viewed.services).toEqual(expect.arrayContaining(['checkout-web', 'payments-api', 'orders-service']));
      expect(viewed.http).toBeNull(); // the entry point is checkout-web's
      expect(viewed.annotations).toEqual({ operation: 'refund' });
      const byService = (name: string) => (viewed.spans as any[]).filter((span) => span.service === name);
      expect(byService('orders-service').length).toBeGreaterThan(1);
      for (const span of [...byService('checkout-web'), ...byService('orders-service')]) {
        expect(span).toMatchObject({ redacted: true, http: null, sql: null, aws: null, annotations: null, metadata: null, exceptions: [] });
      }
      const own = byService('payments-api');
      expect(own.length).toBeGreaterThan(1);
      for (const span of own) expect(span.redacted).toBe(false);
      expect(own.find((span) => span.kind === 'SEGMENT')?.http?.url).toContain('/v1/refunds');
      // The call graph stays: orders-service's segment hangs under payments-api's call, with its flags.
      const orders = byService('orders-service').find((span) => span.kind === 'SEGMENT');
      expect(own.map((span) => span.id)).toContain(orders.parentId);
      expect(orders).toMatchObject({ name: 'orders-service', error: true, fault: false });
      // Its lines only: payments-api's stream, the group list naming no other team's group.
      expect(viewed.logs.logGroups).toEqual(['*']);
      expect(viewed.logs.events.length).toBeGreaterThan(0);
      for (const event of viewed.logs.events) {
        expect(event).toMatchObject({ logGroup: '/ecs/payments-api', traceId: crossTrace });
        expect(event.logStream).toMatch(/(^|\/)payments-api(\/|$)/);
        expect(event.trace.id).toBe(crossTrace);
      }
      expect(viewed.logs.queryString).not.toMatch(/orders-service|checkout-web/);
    }
    expect(allSpans(answers['trace']!).filter((span) => span.redacted).length).toBeGreaterThan(4);
    expect(codes(answers['deferredTrace']!)).toEqual([]);
    expect(allSpans(answers['deferredTrace']!).some((span) => span.redacted)).toBe(true);

    // A trace that does not go through payments-api: FORBIDDEN by id, and on the line that mentions it.
    expect(codes(answers['foreignTrace']!)).toEqual(['FORBIDDEN']);
    const planted = data(answers['plantedLine']!).service.logs.events;
    expect(planted).toEqual([{ message: expect.stringContaining(foreignTrace), trace: null }]);
    expect(answers['plantedLine']!.parts[0].errors).toEqual([expect.objectContaining({ path: ['service', 'logs', 'events', 0, 'trace'], extensions: { code: 'FORBIDDEN' } })]);

    // Its logs: its groups (the demo's search over every group shown as "*"), its own query.
    const logs = data(answers['logs']!).service.logs;
    expect(logs.logGroups).toEqual(['*']);
    expect(logs.queryString).not.toMatch(/orders-service|checkout-web/);
    expect(logs.events.length).toBeGreaterThan(0);
    for (const event of logs.events) expect(event.logGroup).toBe('/ecs/payments-api');

    // Explore fields: refused without explore; the catalog of its own service answers.
    expect(codes(answers['explore']!).sort()).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(data(answers['ownCatalog']!).metricCatalog.length).toBeGreaterThan(0);
    // X-Ray's URL condition holds on every service of a trace: refused; aws/spans's on its own spans: allowed, nothing found.
    if (profile === 'demo') expect(codes(answers['urlFilter']!)).toEqual(['FORBIDDEN']);
    else expect(data(answers['urlFilter']!).service.traces.traces).toEqual([]);

    for (const [name, answer] of Object.entries(answers)) expectNoSecrets(`${profile} ${name}`, answer.text);
  });

  it.each(PROFILES)('gets nothing of other teams through the shipped trusted documents (enforce = true) on profile %s', { timeout: 120_000 }, async (profile) => {
    const who = whoOf();
    const answers = await trustedWalk(who, profile);
    for (const name of ['ConsoleTrace', 'TraceDetail', 'ServiceTraces', 'ConsoleService', 'ConsoleOverview', 'ServiceErrorLogs', 'ServiceMap', 'ServiceMetrics', 'MetricCatalog']) {
      expect(codes(answers[name]!), name).toEqual([]);
      expect(answers[name]!.text, name).toContain('payments-api');
    }
    expect(answers['ConsoleTrace']!.text).toContain(crossTrace);
    expect(answers['TraceDetail']!.text).toContain('"orders-service"'); // the call graph stays
    expect(codes(answers['foreignNames']!)).toEqual(['FORBIDDEN']);
    expect(codes(answers['foreignTrace']!)).toEqual(['FORBIDDEN']);
    expect(answers['text']!.status).toBe(403);
    for (const [name, answer] of Object.entries(answers)) expectNoSecrets(`${profile} ${name}`, answer.text);
  });

  it('cannot tail another team\'s service, over SSE or graphql-ws', { timeout: 60_000 }, async () => {
    const who = whoOf();
    for (const profile of PROFILES) {
      const text = `subscription { tail(service: "orders-service", profile: "${profile}") { message logGroup } }`;
      const sse = await sseFirst(who, text);
      expect(sse.data ?? null).toBeNull();
      expect(sse.errors).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })]);
      const ws = await wsFirst(who, text);
      expect(ws.data ?? null).toBeNull();
      expect(ws.errors).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })]);
      expectNoSecrets('tail', JSON.stringify([sse, ws]));
    }
  });

  it('sees the query its own service runs alone, not the merged query another caller\'s request shared with it', async () => {
    const now = local.clock();
    const range = `{ from: "${new Date(now - 40 * 60_000).toISOString()}", to: "${new Date(now - 20 * 60_000).toISOString()}" }`;
    // The whole profile's dashboard first: one merged query, each service's answer kept for later requests.
    const who = whoOf();
    const adminOfGateway = who.gateways() === tokenGateways ? token('admin', ADMIN) : jwt('admin-jwt', ['admins']);
    const admin = data(await query(adminOfGateway, `{ services { name logs(range: ${range}, limit: 20) { queryString logGroups } } }`));
    const merged = admin.services.find((service: any) => service.name === 'payments-api').logs;
    expect(merged.queryString).toMatch(/orders-service/);
    const own = await query(who, `{ service(name: "payments-api") { logs(range: ${range}, limit: 20) { queryString logGroups events { logGroup } } } }`);
    const logs = data(own).service.logs;
    expect(logs.queryString).toBe('fields @timestamp, @message, @logStream, @log | filter @logStream like /(^|\\/)payments-api(\\/|$)/ | sort @timestamp desc | limit 20');
    expect(logs.logGroups).toEqual(['*']);
    expect(own.parts[0].extensions.cost.totalCalls).toBe(0); // served from the kept answer
    expectNoSecrets('kept logs answer', own.text);
  });

  it('never saw a planted secret or another team\'s log group in any response', () => {
    const texts = seen.get(whoOf().name) ?? [];
    expect(texts.length).toBeGreaterThan(40);
    texts.forEach((text, k) => expectNoSecrets(`response ${k}`, text));
  });
});

const FULL: Array<[string, () => Who]> = [
  ['a token_sha256 token', () => token('admin', ADMIN)],
  ['a JWT scope no pattern narrows', () => jwt('admin-jwt', ['admins'])],
];

describe.each(FULL)('a caller of the whole profile with %s', (_kind, whoOf) => {
  it.each(PROFILES)('sees every planted secret on profile %s (the walk can find them)', { timeout: 120_000 }, async (profile) => {
    const who = whoOf();
    const answers = await walk(who, profile);
    const text = Object.values(answers)
      .map((answer) => answer.text)
      .join('\n');
    for (const [name, secret] of SECRETS) expect(text.includes(secret), `the ${name} secret`).toBe(true);
    const trace = data(answers['trace']!).trace;
    expect((trace.spans as any[]).every((span) => span.redacted === false)).toBe(true);
    expect(trace.http.url).toContain(CROSS_TEAM_SECRETS.url);
    expect(trace.logs.events.some((event: any) => event.logGroup === '/ecs/orders-service' && event.message.includes(CROSS_TEAM_SECRETS.log))).toBe(true);
    expect(trace.logs.logGroups).toEqual(expect.arrayContaining(['/ecs/orders-service', '/ecs/payments-api']));
    const trusted = await trustedWalk(who, profile);
    expect(trusted['ConsoleTrace']!.text).toContain(CROSS_TEAM_SECRETS.sql);
    expect(trusted['ConsoleTrace']!.text).toContain(CROSS_TEAM_SECRETS.log);
  });
});

describe.each([
  ['a token with foreign_spans = "full"', () => token('payments-full', PAYMENTS_FULL)],
  ['a JWT scope with foreign_spans = "full"', () => jwt('payments-full-jwt', ['payments-full'])],
] as Array<[string, () => Who]>)('a payments-* caller with %s', (_kind, whoOf) => {
  it.each(PROFILES)('sees other services\' spans of its traces in full on profile %s, but still only its own lines and services', { timeout: 120_000 }, async (profile) => {
    const who = whoOf();
    const answers = await walk(who, profile);
    const trace = data(answers['trace']!).trace;
    expect((trace.spans as any[]).every((span) => span.redacted === false)).toBe(true);
    expect(answers['trace']!.text).toContain(CROSS_TEAM_SECRETS.sql);
    expect(trace.http.url).toContain(CROSS_TEAM_SECRETS.url);
    // Full spans, not more traces or lines: the log secret and other groups stay out.
    expect(answers['trace']!.text).not.toContain(CROSS_TEAM_SECRETS.log);
    expect(trace.logs.logGroups).toEqual(['*']);
    expect(codes(answers['foreignTrace']!)).toEqual(['FORBIDDEN']);
    expect(data(answers['lists']!).services).toEqual([{ name: 'payments-api' }]);
  });
});

describe('a caller narrowed to another team (orders-*)', () => {
  it('sees its own spans of the refund in full and the storefront\'s redacted', async () => {
    const who = token('orders-dashboard', ORDERS);
    const trace = data(await query(who, `{ trace(id: "${crossTrace}") { spans { service redacted http { url } sql } logs { events { logGroup message } } } }`)).trace;
    const orders = (trace.spans as any[]).filter((span) => span.service === 'orders-service');
    expect(orders.every((span) => !span.redacted)).toBe(true);
    expect(JSON.stringify(orders)).toContain(CROSS_TEAM_SECRETS.sql);
    expect((trace.spans as any[]).filter((span) => span.service !== 'orders-service').every((span) => span.redacted)).toBe(true);
    expect(JSON.stringify(trace)).not.toContain(CROSS_TEAM_SECRETS.url);
    expect(trace.logs.events.every((event: any) => event.logGroup === '/ecs/orders-service')).toBe(true);
    expect(JSON.stringify(trace.logs)).toContain(CROSS_TEAM_SECRETS.log);
  });
});

describe('JWT scope claims named after built-in object properties', () => {
  it.each(BUILT_IN_NAMES)('%s grants nothing, as an array or a space-separated claim', async (name) => {
    for (const groups of [[name], name, `${name} unrelated`]) {
      const who = jwt('mallory', groups);
      const answer = await query(who, '{ profiles { name } services(profile: "demo") { name } }');
      expect(data(answer)).toBeNull();
      expect(codes(answer)).toEqual(['FORBIDDEN']);
      const profiles = await query(who, '{ profiles { name services { name } } }');
      expect(data(profiles)).toEqual({ profiles: [] });
      for (const service of DEMO_SERVICES) expect(answer.text + profiles.text).not.toContain(`"${service.name}"`);
      const trace = await query(who, `{ trace(id: "${crossTrace}", profile: "demo") { id } }`);
      expect(codes(trace)).toEqual(['FORBIDDEN']);
    }
  });
});
