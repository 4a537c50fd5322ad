// Live operations end with their credentials: a tail whose JWT expires ends with a last payload
// whose error is UNAUTHENTICATED, over SSE and over graphql-ws (whose socket then runs nothing
// more); a token without expiry tails on. JWTs signed by a JWKS test server, with `exp` a few
// seconds ahead; the tests wait for the streams' ends, not for time. And a JWKS that does not
// answer closes a graphql-ws connection with 4503 AUTH_UNAVAILABLE.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { WS_CLOSE } from '../../src/server/graphql-ws-server.ts';
import { listen, type RunningServer } from '../../src/server/http-server.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import type { AuditEntry } from '../../src/server/use-audit-log.ts';
import { JWT_CLOCK_TOLERANCE_SECONDS } from '../../src/server/use-bearer-auth.ts';
import { createGatewayYoga } from '../../src/server/yoga.ts';
import { startJwksServer, type JwksServer } from '../support/jwks-server.ts';
import { configFromToml } from '../support/test-gateway.ts';

const TAIL = 'subscription($service: String!) { tail(service: $service) { message } }';

let emulator: LocalEmulator;
let jwks: JwksServer;
const servers: RunningServer[] = [];
const clients: Client[] = [];
const audited: AuditEntry[] = [];

async function gateway(jwksUrl: string): Promise<RunningServer> {
  const config = configFromToml(`[server]
port = 0
auth = "jwt"
[server.jwt]
jwks_url = "${jwksUrl}"
issuer = "https://idp.example.com/"
audience = "tinkr-gateway"
require_exp = false
[logs]
tail_interval = "300ms"
[profiles.demo]
backend = "local"
`);
  const runtime = new GatewayRuntime(config, { url: emulator.emulator.url, services: demoServiceConfigs() });
  const server = await listen(createGatewayYoga({ runtime, audit: { operation: (entry) => audited.push(entry), refused: () => {} } }), runtime, pino({ level: 'silent' }));
  servers.push(server);
  return server;
}

let server: RunningServer;
beforeAll(async () => {
  emulator = await startLocalEmulator({ feedIntervalMs: 200 });
  jwks = await startJwksServer();
  server = await gateway(jwks.url);
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  for (const running of servers) await running.close();
  await jwks?.close();
  await emulator?.close();
});

/** A JWT whose `exp` is a few seconds ahead, and the instant the gateway takes it to end (exp + clock tolerance). */
async function shortLivedToken(sub: string): Promise<{ token: string; endsAt: string }> {
  const exp = Math.floor(Date.now() / 1_000) + 2;
  return { token: await jwks.sign({ claims: { sub }, expiresIn: exp }), endsAt: new Date((exp + JWT_CLOCK_TOLERANCE_SECONDS) * 1_000).toISOString() };
}

interface SseEvent {
  event: string;
  data: string;
}

/** An SSE subscription: its events as they come, and its end. */
function sse(token: string, service: string) {
  const abort = new AbortController();
  const events: SseEvent[] = [];
  let onEvent = (): void => {};
  const ended = (async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: TAIL, variables: { service } }),
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    const decoder = new TextDecoder();
    let text = '';
    try {
      for await (const chunk of response.body!) {
        text += decoder.decode(chunk, { stream: true });
        for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          // Blocks without an event are keep-alive comments.
          if (!event) continue;
          events.push({ event, data: /^data: ?(.*)$/m.exec(block)?.[1] ?? '' });
          onEvent();
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  })();
  return { events, ended, nextEvent: () => new Promise<void>((resolve) => (onEvent = resolve)), stop: () => abort.abort() };
}

describe('a tail whose JWT expires', () => {
  it('over SSE ends with a last payload whose error is UNAUTHENTICATED; a JWT without exp tails on', { timeout: 90_000 }, async () => {
    const { token, endsAt } = await shortLivedToken('short-lived');
    const forever = sse(await jwks.sign({ claims: { sub: 'no-expiry' }, expiresIn: null }), 'checkout-web');
    const expiring = sse(token, 'checkout-web');
    await expiring.ended;
    const nexts = expiring.events.filter((event) => event.event === 'next');
    expect(nexts.length).toBeGreaterThan(1); // it streamed before it ended
    expect(JSON.parse(nexts.at(-1)!.data)).toEqual({
      data: null,
      errors: [{ message: `the bearer token expired at ${endsAt}: subscribe again with a fresh token`, extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(expiring.events.at(-1)!.event).toBe('complete');
    // The audit log sees how it ended.
    expect(audited.find((entry) => entry.caller === 'jwt:short-lived')).toMatchObject({ kind: 'subscription', outcome: 'errors', errors: ['UNAUTHENTICATED'] });
    // The tail of the token without expiry goes on after the other one ended.
    const seen = forever.events.length;
    await forever.nextEvent();
    expect(forever.events.length).toBeGreaterThan(seen);
    expect(forever.events.every((event) => event.event === 'next' && !event.data.includes('errors'))).toBe(true);
    forever.stop();
    await forever.ended;
  });

  it('over graphql-ws ends with a last payload whose error is UNAUTHENTICATED, and the socket runs nothing more', { timeout: 90_000 }, async () => {
    const { token, endsAt } = await shortLivedToken('short-lived-ws');
    const connect = (bearer: string) => {
      const created = createClient({ url: `${server.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, connectionParams: { authorization: `Bearer ${bearer}` } });
      clients.push(created);
      return created;
    };
    const expiring = connect(token);
    const forever = connect(await jwks.sign({ claims: { sub: 'no-expiry-ws' }, expiresIn: null }));
    let foreverResults = 0;
    let onForever = (): void => {};
    forever.subscribe({ query: TAIL, variables: { service: 'orders-service' } }, { next: () => (foreverResults++, onForever()), error: () => {}, complete: () => {} });
    const results = await new Promise<ExecutionResult[]>((resolve, reject) => {
      const received: ExecutionResult[] = [];
      expiring.subscribe({ query: TAIL, variables: { service: 'orders-service' } }, { next: (result) => received.push(result as ExecutionResult), error: reject, complete: () => resolve(received) });
    });
    expect(results.length).toBeGreaterThan(1);
    expect(results.at(-1)).toEqual({
      data: null,
      errors: [{ message: `the bearer token expired at ${endsAt}: subscribe again with a fresh token`, extensions: { code: 'UNAUTHENTICATED' } }],
    });
    // The same (still open) socket refuses a new operation.
    const refused = await new Promise<unknown>((resolve) => expiring.subscribe({ query: '{ profiles { name } }' }, { next: resolve, error: resolve, complete: () => {} }));
    expect(refused).toEqual([{ message: `the bearer token of this connection expired at ${endsAt}: reconnect with a fresh token`, extensions: { code: 'UNAUTHENTICATED' } }]);
    const seen = foreverResults;
    await new Promise<void>((resolve) => (onForever = resolve));
    expect(foreverResults).toBeGreaterThan(seen);
  });
});

describe('graphql-ws when the identity provider does not answer', () => {
  it('closes the connection with 4503 AUTH_UNAVAILABLE (graphql-ws clients retry it), not 4403 as for a bad token', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/jwks.json`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unavailable = await gateway(deadUrl);
    const c = createClient({ url: `${unavailable.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => {}, connectionParams: { authorization: `Bearer ${await jwks.sign()}` } });
    clients.push(c);
    const event = await new Promise<{ code: number; reason: string }>((resolve) => c.on('closed', (e) => resolve(e as { code: number; reason: string })));
    expect({ code: event.code, reason: event.reason }).toEqual({ code: WS_CLOSE.authUnavailable, reason: "AUTH_UNAVAILABLE: the identity provider's key set cannot be fetched or used; try again shortly" });
  });
});
