// Fault/abuse suite: hostile documents, bad tokens, and AWS faults injected through the emulator's
// control endpoint (PUT /_emulator/faults, as an operator would). Loopback only, bounded loops.
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';
import { runCli } from '../support/cli-process.ts';
import { configFromToml, createTestGateway, executeOn, type TestGateway } from '../support/test-gateway.ts';
import { startJwksServer, type JwksServer } from '../support/jwks-server.ts';

const PROFILE = '[profiles.p]\nbackend = "cloudwatch"\nregion = "us-east-1"\n';

function post(yoga: GatewayYoga, body: unknown, headers: Record<string, string> = {}) {
  return yoga.fetch('http://tinkr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });
}

/** The emulator's control endpoint takes changes as JSON only. */
const JSON_TYPE = { 'content-type': 'application/json' };

/** Sets faults on a running emulator from outside, through its control endpoint. */
async function setFaults(emulatorUrl: string, change: unknown): Promise<void> {
  const response = await fetch(`${emulatorUrl}/_emulator/faults`, { method: 'PUT', headers: JSON_TYPE, body: JSON.stringify(change) });
  expect(response.status).toBe(200);
}

describe('hostile documents', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await createTestGateway({ toml: `[server]\nintrospection = false\n${PROFILE}` });
  });
  afterAll(() => gateway?.close());

  it('refuses deep nesting and too many tokens before parsing deeply: 400 LIMIT_EXCEEDED, not a stack overflow', async () => {
    const documents = {
      braces: `{ ${'a { '.repeat(10_000)}b${' }'.repeat(10_000)} }`,
      listType: `query($a: ${'['.repeat(50_000)}Int${']'.repeat(50_000)}) { profiles { name } }`,
      tokens: `{ profiles { ${'name '.repeat(6_000)}} }`,
    };
    for (const [name, query] of Object.entries(documents)) {
      const response = await post(gateway.yoga, { query });
      const body = (await response.json()) as { errors: Array<{ extensions: { code: string; limit: string } }> };
      expect({ name, status: response.status, code: body.errors[0]!.extensions.code }).toEqual({ name, status: 400, code: 'LIMIT_EXCEEDED' });
    }
    const tokens = (await (await post(gateway.yoga, { query: documents.tokens })).json()) as { errors: Array<{ message: string; extensions: { limit: string } }> };
    expect(tokens.errors[0]!.extensions.limit).toBe('limits.max_tokens');
  });

  it('refuses a body over server.max_body (1 MiB) before buffering it: by its Content-Length, or counted as it streams', async () => {
    const refusal = async (response: Response) => {
      const body = (await response.json()) as { errors: Array<{ extensions: { code: string; limit: string; max: number } }> };
      return { status: response.status, ...body.errors[0]!.extensions };
    };
    const padding = 'x'.repeat(2 * 1_048_576);
    expect(await refusal(await post(gateway.yoga, { query: '{ profiles { name } }', variables: { padding } }))).toEqual({
      status: 413, code: 'LIMIT_EXCEEDED', limit: 'server.max_body', max: 1_048_576, found: expect.any(Number),
    });
    // No Content-Length: an endless stream is read only up to the limit, never to its end.
    let pulled = 0;
    const chunk = new TextEncoder().encode(' '.repeat(65_536));
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(chunk);
      },
    });
    const streamed = await gateway.yoga.fetch('http://tinkr.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: endless,
      duplex: 'half',
    } as RequestInit);
    expect(await refusal(streamed)).toEqual({ status: 413, code: 'LIMIT_EXCEEDED', limit: 'server.max_body', max: 1_048_576 });
    expect(pulled).toBeLessThan(40); // 1 MiB is 16 chunks; a few more may be queued ahead
    // Just under the limit is served.
    const under = await post(gateway.yoga, { query: '{ profiles { name } }', variables: { padding: 'x'.repeat(1_000_000) } });
    expect(under.status).toBe(200);
  });

  it('gives a variable that does not coerce (Int beyond 32 bits) BAD_USER_INPUT', async () => {
    const response = await post(gateway.yoga, { query: 'query($l: Int) { service(name: "x") { logs(limit: $l) { truncated } } }', variables: { l: 2 ** 40 } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.message).toContain('32-bit');
  });

  it('names no fields through "Did you mean" when introspection is off', async () => {
    const body = (await (await post(gateway.yoga, { query: '{ profilez { nme } }' })).json()) as { errors: Array<{ message: string }> };
    expect(body.errors.map((error) => error.message)).toEqual(['Cannot query field "profilez" on type "Query".']);
    const open = await createTestGateway({ toml: PROFILE });
    try {
      const suggested = (await (await post(open.yoga, { query: '{ profilez { name } }' })).json()) as { errors: Array<{ message: string }> };
      expect(suggested.errors[0]!.message).toMatch(/Did you mean .*"profiles"/);
    } finally {
      await open.close();
    }
  });
});

describe('JWT: expiry required, identity provider unreachable', () => {
  let jwks: JwksServer;
  let sign: (options: { exp?: boolean }) => Promise<string>;
  const gateways: TestGateway[] = [];
  const jwtGateway = async (extra = '', jwksUrl = jwks.url) => {
    const gateway = await createTestGateway({
      toml: `[server]\nhost = "0.0.0.0"\nauth = "jwt"\n[server.jwt]\njwks_url = "${jwksUrl}"\nissuer = "https://idp.example.com/"\naudience = "tinkr-gateway"\n${extra}${PROFILE}`,
    });
    gateways.push(gateway);
    return gateway;
  };
  beforeAll(async () => {
    jwks = await startJwksServer();
    sign = ({ exp = true }) => jwks.sign({ expiresIn: exp ? '5m' : null });
  });
  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    await jwks?.close();
  });

  it('refuses a JWT without exp unless require_exp = false', async () => {
    const strict = await jwtGateway();
    const refused = await post(strict.yoga, { query: '{ profiles { name } }' }, { authorization: `Bearer ${await sign({ exp: false })}` });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ errors: [{ message: 'invalid bearer token: the JWT has no "exp" (expiry) claim', extensions: { code: 'UNAUTHENTICATED' } }] });
    expect((await post(strict.yoga, { query: '{ profiles { name } }' }, { authorization: `Bearer ${await sign({})}` })).status).toBe(200);
    const lenient = await jwtGateway('require_exp = false\n');
    expect((await post(lenient.yoga, { query: '{ profiles { name } }' }, { authorization: `Bearer ${await sign({ exp: false })}` })).status).toBe(200);
  });

  it('answers 503 AUTH_UNAVAILABLE as GraphQL JSON when the JWKS cannot be fetched', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/jwks.json`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const gateway = await jwtGateway('', deadUrl);
    const response = await post(gateway.yoga, { query: '{ profiles { name } }' }, { authorization: `Bearer ${await sign({})}` });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('AUTH_UNAVAILABLE');
    expect(body.errors[0]!.message).toContain('could not be reached');
    expect(body.errors[0]!.message).not.toContain('fetch failed');
  });

  it('answers 503 AUTH_UNAVAILABLE when the JWKS answers 5xx, 4xx, a redirect, bad JSON or JSON that is not a key set; a bad signature stays 401', async () => {
    // An identity provider whose key-set endpoint answers whatever the case sets.
    let answer: { status: number; body: string } = { status: 200, body: '' };
    const idp = createServer((_request, response) => {
      response.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.status === 302 ? { location: jwks.url } : {}) });
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', () => resolve()));
    const idpUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/jwks.json`;
    try {
      const cases = [
        { status: 500, body: '{"message":"internal"}', says: 'answered HTTP 500' },
        { status: 503, body: '', says: 'answered HTTP 503' },
        { status: 404, body: '{"message":"not found"}', says: 'answered HTTP 404' },
        { status: 302, body: '', says: 'answered HTTP 302' },
        { status: 200, body: '<html>maintenance</html>', says: 'answered something that is not JSON' },
        { status: 200, body: '{"keys":"none"}', says: 'answered JSON that is not a key set' },
        { status: 200, body: JSON.stringify({ keys: [{ kty: 'RSA', kid: 'key-1', n: 'AQAB' }] }), says: 'holds no key that can be used' },
      ];
      for (const { says, ...served } of cases) {
        answer = served;
        // A gateway of its own per case: a key set once fetched is kept.
        const gateway = await jwtGateway('', idpUrl);
        const response = await post(gateway.yoga, { query: '{ profiles { name } }' }, { authorization: `Bearer ${await sign({})}` });
        const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
        expect({ case: served, status: response.status, retryAfter: response.headers.get('retry-after'), type: response.headers.get('content-type'), code: body.errors[0]!.extensions.code }).toEqual({
          case: served,
          status: 503,
          retryAfter: '5',
          type: 'application/json',
          code: 'AUTH_UNAVAILABLE',
        });
        expect(body.errors[0]!.message).toMatch(new RegExp(`^cannot check the bearer token now: the identity provider's key set \\(${new URL(idpUrl).host}\\) ${says}.*; try again shortly$`));
      }
      // A key set that answers: a token signed by another key with the same kid, or with alg "none", is the token's fault.
      const impostor = await startJwksServer();
      try {
        const gateway = await jwtGateway();
        const forged = await post(gateway.yoga, { query: '{ profiles { name } }' }, { authorization: `Bearer ${await impostor.sign({})}` });
        expect(forged.status).toBe(401);
        expect(await forged.json()).toEqual({ errors: [{ message: 'invalid bearer token: ERR_JWS_SIGNATURE_VERIFICATION_FAILED', extensions: { code: 'UNAUTHENTICATED' } }] });
        const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');
        const unsigned = `${encode({ alg: 'none' })}.${encode({ sub: 'x', iss: 'https://idp.example.com/', aud: 'tinkr-gateway', exp: Math.floor(Date.now() / 1000) + 60 })}.`;
        const none = await post(gateway.yoga, { query: '{ profiles { name } }' }, { authorization: `Bearer ${unsigned}` });
        expect(none.status).toBe(401);
      } finally {
        await impostor.close();
      }
    } finally {
      await new Promise<void>((resolve) => idp.close(() => resolve()));
    }
  });
});

describe('AWS faults injected from outside the emulator', () => {
  let emulator: LocalEmulator;
  let runtime: GatewayRuntime;
  let yoga: GatewayYoga;
  beforeAll(async () => {
    emulator = await startLocalEmulator({ liveFeed: true, feedIntervalMs: 250 });
    const config = configFromToml('[aws]\ncall_timeout = "3s"\nmax_attempts = 2\n\n[logs]\ntail_interval = "300ms"\n\n[profiles.demo]\nbackend = "local"\n');
    runtime = new GatewayRuntime(config, { url: emulator.emulator.url, services: demoServiceConfigs() });
    yoga = createGatewayYoga({ runtime });
  }, 150_000);
  afterAll(async () => {
    await runtime?.close();
    await emulator?.close();
  });

  it('a hanging GetMetricData, GetTraceSummaries and BatchGetTraces fail their own fields with UPSTREAM_TIMEOUT; the logs arrive', { timeout: 60_000 }, async () => {
    const hang = { kind: 'timeout', holdMs: 120_000 };
    await setFaults(emulator.emulator.url, { faults: { GetMetricData: hang, GetTraceSummaries: hang, BatchGetTraces: hang } });
    try {
      const result = await executeOn(
        yoga,
        `{ service(name: "payments-api") {
            metrics { metricName }
            traces(range: { last: "15m" }) { traces { id } }
            logs(range: { last: "15m" }, limit: 3) { events { message } }
          }
          trace(id: "1-5f84c7a4-0c9f4d2a8b6e1f3a5c7d9e0b") { spans { id } } }`,
      );
      const codes = Object.fromEntries((result.errors ?? []).map((error) => [error.path!.join('.'), error.extensions!.code]));
      expect(codes).toEqual({ 'service.metrics': 'UPSTREAM_TIMEOUT', 'service.traces': 'UPSTREAM_TIMEOUT', trace: 'UPSTREAM_TIMEOUT' });
      expect(result.data!.service.logs.events).toHaveLength(3);
    } finally {
      await fetch(`${emulator.emulator.url}/_emulator/faults`, { method: 'DELETE', headers: JSON_TYPE });
    }
  });

  it('a denied tail ends with ACCESS_DENIED naming the action, and AWS text stays out of messages', async () => {
    await setFaults(emulator.emulator.url, { faults: { FilterLogEvents: { kind: 'access-denied' }, GetMetricData: { kind: 'access-denied' } } });
    try {
      const response = await yoga.fetch('http://tinkr.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: 'subscription { tail(service: "checkout-web") { message } }' }),
        signal: AbortSignal.timeout(20_000),
      });
      const text = await response.text();
      const error = JSON.parse(/^data: (.*)$/m.exec(text)![1]!).errors[0];
      expect(error.extensions).toMatchObject({ code: 'ACCESS_DENIED', action: 'logs:FilterLogEvents' });
      const metrics = await executeOn(yoga, '{ service(name: "payments-api") { metrics { metricName } } }');
      expect(metrics.errors?.[0]?.extensions?.code).toBe('ACCESS_DENIED');
      expect(JSON.stringify(metrics.errors)).not.toContain(emulator.emulator.knobs.accountId);
    } finally {
      await fetch(`${emulator.emulator.url}/_emulator/faults`, { method: 'DELETE', headers: JSON_TYPE });
    }
  });

  it('a query whose GetQueryResults fails is stopped in AWS before its slot is given back', async () => {
    const { counters } = emulator.emulator;
    const started = counters.calls('StartQuery');
    const stopped = counters.calls('StopQuery');
    await setFaults(emulator.emulator.url, { queryRunMs: 30_000, faults: { GetQueryResults: { kind: 'access-denied' } } });
    try {
      const result = await executeOn(yoga, '{ service(name: "orders-service") { logs(range: { last: "7m" }, limit: 2) { events { message } } } }');
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'ACCESS_DENIED', action: 'logs:GetQueryResults' });
      for (let i = 0; i < 50 && counters.calls('StopQuery') === stopped; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(counters.calls('StartQuery') - started).toBe(1);
      expect(counters.calls('StopQuery') - stopped).toBe(1);
    } finally {
      await fetch(`${emulator.emulator.url}/_emulator/faults`, { method: 'DELETE', headers: JSON_TYPE });
      await setFaults(emulator.emulator.url, { queryRunMs: 300 });
    }
  });

  it('in-flight AWS work is never evicted: past [cache] max_in_flight a field fails with OVERLOADED, the others complete', { timeout: 60_000 }, async () => {
    const small = new GatewayRuntime(configFromToml('[cache]\nmax_bytes = 1048576\nmax_in_flight = 3\n\n[profiles.demo]\nbackend = "local"\n'), {
      url: emulator.emulator.url,
      services: demoServiceConfigs(),
    });
    await setFaults(emulator.emulator.url, { queryRunMs: 1_500 });
    try {
      const fields = Array.from({ length: 6 }, (_, i) => `q${i}: logs(range: { last: "9m" }, filter: { exclude: "no-such-text-${i}" }, limit: 20) { events { message } }`);
      const result = await executeOn(createGatewayYoga({ runtime: small }), `{ service(name: "payments-api") { ${fields.join(' ')} } }`);
      const codes = (result.errors ?? []).map((error) => error.extensions?.code);
      const answered = Object.values(result.data?.service ?? {}).filter((value) => value !== null) as Array<{ events: unknown[] }>;
      expect(codes.length).toBeGreaterThan(0);
      expect(new Set(codes)).toEqual(new Set(['OVERLOADED']));
      expect(answered.length).toBeGreaterThan(0);
      expect(answered.length + codes.length).toBe(6);
      for (const logs of answered) expect(logs.events.length).toBeGreaterThan(0);
    } finally {
      await setFaults(emulator.emulator.url, { queryRunMs: 300 });
      await small.close();
    }
  });

  it('a request past its AWS budget gets COST_LIMIT naming what to narrow, before any call for it is made', { timeout: 60_000 }, async () => {
    const budgeted = new GatewayRuntime(configFromToml('[limits]\nmax_log_group_days = 10\nmax_insights_queries = 3\n\n[profiles.demo]\nbackend = "local"\n'), {
      url: emulator.emulator.url,
      services: demoServiceConfigs(),
    });
    const budgetYoga = createGatewayYoga({ runtime: budgeted });
    const { counters } = emulator.emulator;
    try {
      // 15 days of every service's logs: log groups x days over the budget, refused with no StartQuery.
      let started = counters.calls('StartQuery');
      const wide = await executeOn(budgetYoga, '{ services { name logs(range: { last: "15d" }, limit: 10000) { events { message } } } }');
      expect(counters.calls('StartQuery')).toBe(started);
      const wideErrors = wide.errors ?? [];
      expect(wideErrors.length).toBeGreaterThan(0);
      for (const error of wideErrors) {
        expect(error.extensions).toMatchObject({ code: 'COST_LIMIT', limit: 'limits.max_log_group_days', max: 10 });
        expect(error.message).toContain('narrow the time range');
      }
      // Six distinct queries in one request: three run, three are refused before StartQuery.
      started = counters.calls('StartQuery');
      const fields = Array.from({ length: 6 }, (_, i) => `q${i}: logs(range: { last: "10m" }, filter: { exclude: "budget-${i}" }, limit: 5) { events { message } }`);
      const many = await executeOn(budgetYoga, `{ service(name: "payments-api") { ${fields.join(' ')} } }`);
      expect((many.errors ?? []).map((error) => error.extensions?.limit)).toEqual(['limits.max_insights_queries', 'limits.max_insights_queries', 'limits.max_insights_queries']);
      expect(counters.calls('StartQuery') - started).toBe(3);
    } finally {
      await budgeted.close();
    }
  });

  it('5xx answers keep the code and drop account ids, ARNs and addresses from the message', async () => {
    await setFaults(emulator.emulator.url, { faults: { GetMetricData: { kind: '5xx', status: 500 } } });
    try {
      const result = await executeOn(yoga, '{ service(name: "payments-api") { metrics { metricName } } }');
      const error = result.errors![0]!;
      expect(error.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', awsCode: 'InternalServiceFault', action: 'cloudwatch:GetMetricData' });
    } finally {
      await fetch(`${emulator.emulator.url}/_emulator/faults`, { method: 'DELETE', headers: JSON_TYPE });
    }
  });
});

describe('`tinkr-server emulator` fault flags and control endpoint', () => {
  it('starts with --fault, reports it, and takes changes on /_emulator/faults', { timeout: 120_000 }, async () => {
    const cli = runCli(['emulator', '--port', '0', '--no-demo', '--fault', 'GetMetricData=access-denied', '--latency', 'ListMetrics=5', '--insights-outcome', 'Failed']);
    try {
      const line = await cli.logLine('AWS emulator listening');
      expect(line.faults).toEqual({ GetMetricData: { kind: 'access-denied' } });
      expect(line.nextQueryOutcomes).toEqual(['Failed']);
      const client = new CloudWatchClient({ region: 'us-east-1', endpoint: line.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
      const call = () => client.send(new GetMetricDataCommand({ StartTime: new Date(Date.now() - 3_600_000), EndTime: new Date(), MetricDataQueries: [{ Id: 'a', MetricStat: { Metric: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization' }, Period: 60, Stat: 'Average' } }] }));
      await expect(call()).rejects.toMatchObject({ name: 'AccessDenied' });
      const cleared = (await (await fetch(line.control, { method: 'DELETE', headers: JSON_TYPE })).json()) as { faults: unknown; counters: Record<string, { calls: number }> };
      expect(cleared.faults).toEqual({});
      expect(cleared.counters.GetMetricData!.calls).toBe(1);
      await expect(call()).resolves.toMatchObject({ MetricDataResults: [{ Id: 'a', StatusCode: 'Complete' }] });
      const bad = await fetch(line.control, { method: 'PUT', headers: JSON_TYPE, body: JSON.stringify({ faults: { GetMetricDatum: { kind: '5xx' } } }) });
      expect(bad.status).toBe(400);
      client.destroy();
    } finally {
      cli.kill();
    }
    const usage = runCli(['emulator', '--fault', 'GetMetricData=melt']);
    expect(await usage.exit).toBe(2);
    expect(usage.stderr()).toContain('--fault: expected OP=KIND[:COUNT]');
  });

  it('refuses web pages (another Origin, a rebound Host name, preflights) and changes that are not JSON, before reading their body', async () => {
    const emulator = await startLocalEmulator({ demo: false });
    const { port } = new URL(emulator.emulator.url);
    const send = (method: string, headers: Record<string, string>, body = '') =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: { message?: string; faults?: unknown } }>((resolve, reject) => {
        const request = httpRequest({ host: '127.0.0.1', port: Number(port), path: '/_emulator/faults', method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text) as never }));
        });
        request.on('error', reject);
        request.end(body);
      });
    const change = JSON.stringify({ faults: { GetMetricData: { kind: '5xx' } } });
    try {
      // A page's simple request: no preflight, text/plain.
      const simple = await send('POST', { origin: 'https://evil.example', 'content-type': 'text/plain;charset=UTF-8' }, change);
      expect(simple).toMatchObject({ status: 403, body: { message: 'the emulator control endpoint refuses requests from web pages (Origin https://evil.example)' } });
      for (const [method, headers] of [
        ['PUT', { origin: 'https://evil.example', 'content-type': 'application/json' }],
        ['POST', { origin: 'null', 'content-type': 'application/json' }],
        ['OPTIONS', { origin: 'https://evil.example', 'access-control-request-method': 'PUT' }],
      ] as const) {
        const refused = await send(method, headers, method === 'OPTIONS' ? '' : change);
        expect({ method, status: refused.status, allowOrigin: refused.headers['access-control-allow-origin'] }).toEqual({ method, status: 403, allowOrigin: undefined });
      }
      // A page whose own name was made to resolve to 127.0.0.1 (DNS rebinding) is same-origin, but not a loopback Host.
      const rebound = await send('PUT', { host: `attacker.example:${port}`, origin: `http://attacker.example:${port}`, 'content-type': 'application/json' }, change);
      expect(rebound.status).toBe(403);
      expect(rebound.body.message).toContain('loopback host only');
      // curl -d without a content type (a form), and a body past the cap.
      const form = await send('POST', { 'content-type': 'application/x-www-form-urlencoded' }, change);
      expect(form).toMatchObject({ status: 415, body: { message: `POST needs "Content-Type: application/json" (curl -H 'content-type: application/json')` } });
      expect((await send('DELETE', {})).status).toBe(415);
      expect((await send('PUT', { 'content-type': 'application/json' }, `{"pad":"${'x'.repeat(70_000)}"}`)).status).toBe(413);
      // Nothing of that reached the knobs.
      expect((await send('GET', {})).body.faults).toEqual({});
      expect(emulator.emulator.knobs.faults).toEqual({});
      // The legitimate callers: curl and the tests (no Origin, JSON), or the emulator's own origin.
      expect((await send('PUT', { 'content-type': 'application/json' }, change)).body.faults).toEqual({ GetMetricData: { kind: '5xx' } });
      expect((await send('DELETE', { origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json' })).body.faults).toEqual({});
      expect((await send('GET', { host: `localhost:${port}` })).status).toBe(200);
      // The AWS endpoint caps bodies too (1 MiB): a 2 MiB StartQuery is refused unread.
      const aws = await fetch(emulator.emulator.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.StartQuery' },
        body: `{"queryString":"${'x'.repeat(2 * 1_048_576)}"}`,
      });
      expect({ status: aws.status, text: await aws.text() }).toEqual({ status: 413, text: 'request body over 1048576 bytes' });
    } finally {
      await emulator.close();
    }
  });
});
