// graphql-ws on the gateway's /graphql path, with the real graphql-ws client, Apollo Client's
// GraphQLWsLink and urql's subscriptionExchange, against the emulator's live demo feed.
import { createHash } from 'node:crypto';
import { ApolloClient, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { Client as UrqlClient, subscriptionExchange } from '@urql/core';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import { print } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { TailServiceLogsDocument } from '../../src/generated/graphql.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { listen, type RunningServer } from '../../src/server/http-server.ts';
import type { AuditEntry, AuditLog } from '../../src/server/use-audit-log.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga } from '../../src/server/yoga.ts';
import { configFromToml } from '../support/test-gateway.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const DASHBOARD = 'tkr_ws_dashboard';
const EXPLORER = 'tkr_ws_explorer';
const TAIL_ID = (TailServiceLogsDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;

let emulator: LocalEmulator;
let runtime: GatewayRuntime;
let server: RunningServer;
let wsUrl: string;
const operations: AuditEntry[] = [];
const audit: AuditLog = { operation: (entry) => operations.push(entry), refused: () => {} };
const clients: Client[] = [];

beforeAll(async () => {
  emulator = await startLocalEmulator({ feedIntervalMs: 250 });
  const config = configFromToml(`[server]
port = 0
auth = "token"
[server.trusted_documents]
enforce = true
[[server.tokens]]
name = "ws-dashboard"
sha256 = "${sha(DASHBOARD)}"
services = ["checkout-*"]
[[server.tokens]]
name = "ws-explorer"
sha256 = "${sha(EXPLORER)}"
explore = true
[logs]
tail_interval = "500ms"
[profiles.demo]
backend = "local"
`);
  runtime = new GatewayRuntime(config, { url: emulator.emulator.url, services: demoServiceConfigs() });
  const yoga = createGatewayYoga({ runtime, audit });
  server = await listen(yoga, runtime, pino({ level: 'silent' }));
  wsUrl = `${server.url.replace(/^http/, 'ws')}/graphql`;
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await server?.close();
  await emulator?.close();
});

function client(token: string | undefined, extra: Record<string, unknown> = {}): Client {
  const created = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    ...extra,
  });
  clients.push(created);
  return created;
}

/** The first `count` results of a subscription, then unsubscribes. */
function take(c: Client, payload: { query: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> }, count: number, timeoutMs = 15_000) {
  return new Promise<ExecutionResult[]>((resolve, reject) => {
    const results: ExecutionResult[] = [];
    let done = false;
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`only ${results.length} results in ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = c.subscribe(payload, {
      next: (result) => {
        // One poll can deliver several lines at once: those after the count are not wanted.
        if (done) return;
        results.push(result as ExecutionResult);
        if (results.length >= count || result.errors) {
          done = true;
          clearTimeout(timer);
          unsubscribe();
          resolve(results);
        }
      },
      error: (error) => {
        clearTimeout(timer);
        reject(error);
      },
      complete: () => {
        clearTimeout(timer);
        resolve(results);
      },
    });
  });
}

describe('graphql-ws on /graphql', () => {
  it('tails a service in scope for a token given in connection_init, by trusted document id', { timeout: 30_000 }, async () => {
    const results = await take(client(DASHBOARD), { query: '', variables: { service: 'checkout-web' }, extensions: { documentId: TAIL_ID } }, 2);
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(result.errors).toBeUndefined();
      expect((result.data as { tail: { message: string; logStream: string } }).tail.logStream).toContain('checkout-web');
    }
    // The audit line is written when the subscription has ended, just after the unsubscribe.
    const deadline = Date.now() + 5_000;
    const audited = () => operations.find((op) => op.caller === 'ws-dashboard' && op.operation === 'TailServiceLogs');
    while (!audited() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const entry = audited();
    expect(entry).toMatchObject({ kind: 'subscription', outcome: 'ok', cost: { calls: { 'logs:FilterLogEvents': { calls: expect.any(Number) } } } });
  });

  it('answers FORBIDDEN for a service outside the scope and for a document of its own without explore', async () => {
    const foreign = await take(client(DASHBOARD), { query: '', variables: { service: 'orders-service' }, extensions: { documentId: TAIL_ID } }, 1);
    expect(foreign[0]!.data ?? null).toBeNull();
    expect(foreign[0]!.errors?.[0]).toMatchObject({ message: 'service "orders-service" is outside the scope of caller "ws-dashboard"', extensions: { code: 'FORBIDDEN' } });
    await expect(take(client(DASHBOARD), { query: '{ profiles { name } }' }, 1)).rejects.toEqual([
      expect.objectContaining({ message: 'caller "ws-dashboard" may send only trusted documents (by documentId); documents of its own need the explore scope', extensions: { code: 'FORBIDDEN' } }),
    ]);
  });

  it('runs queries too, with extensions.cost', async () => {
    const [result] = await take(client(EXPLORER), { query: '{ profiles { name } }' }, 1);
    expect(result!.data).toEqual({ profiles: [{ name: 'demo' }] });
    expect((result!.extensions as { cost: { totalCalls: number } }).cost.totalCalls).toBe(0);
  });

  it('closes the socket with 4403 for a missing or wrong token', async () => {
    for (const token of [undefined, 'wrong']) {
      const closed = new Promise<number>((resolve) => {
        const c = client(token, { on: { closed: (event: unknown) => resolve((event as { code: number }).code) } });
        c.subscribe({ query: '{ profiles { name } }' }, { next: () => {}, error: () => {}, complete: () => {} });
      });
      expect(await closed).toBe(4403);
    }
  });

  it('closes a socket from a page of another origin with 1008 and a reason naming server.cors_origins, answering nothing', async () => {
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws', { headers: { origin: 'https://evil.example' } });
    const received: string[] = [];
    socket.on('message', (data) => received.push(String(data)));
    // What a page would send at once: none of it is answered.
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${EXPLORER}` } })));
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    expect(closed).toEqual({ code: 1008, reason: "CORS: server.cors_origins does not list this page's origin, https://evil.example" });
    expect(received).toEqual([]);
  });

  it('gives up at once in the graphql-ws client on that close, with the reason', async () => {
    const event = await new Promise<{ code: number; reason: string }>((resolve) => {
      const c = createClient({
        url: wsUrl,
        webSocketImpl: class extends WebSocket {
          constructor(url: string, protocols: string[]) {
            super(url, protocols, { headers: { origin: 'http://localhost:5173' } });
          }
        },
        retryAttempts: 5,
        on: { closed: (closed) => resolve(closed as { code: number; reason: string }) },
      });
      clients.push(c);
      c.subscribe({ query: '{ profiles { name } }' }, { next: () => {}, error: () => {}, complete: () => {} });
    });
    expect({ code: event.code, reason: event.reason }).toEqual({ code: 1008, reason: "CORS: server.cors_origins does not list this page's origin, http://localhost:5173" });
  });
});

describe('client libraries over graphql-ws', () => {
  it('Apollo Client subscribes through GraphQLWsLink', { timeout: 30_000 }, async () => {
    const apollo = new ApolloClient({ link: new GraphQLWsLink(client(EXPLORER)), cache: new InMemoryCache() });
    const event = await new Promise<{ tail: { message: string; logStream: string } }>((resolve, reject) => {
      const subscription = apollo.subscribe({ query: TailServiceLogsDocument, variables: { service: 'checkout-web' } }).subscribe({
        next: (result) => {
          if (result.error) reject(result.error);
          else if (result.data) {
            subscription.unsubscribe();
            resolve(result.data as { tail: { message: string; logStream: string } });
          }
        },
        error: reject,
      });
    });
    expect(event.tail.logStream).toContain('checkout-web');
    expect(event.tail.message.length).toBeGreaterThan(0);
  });

  it('urql subscribes through subscriptionExchange', { timeout: 30_000 }, async () => {
    const ws = client(EXPLORER);
    const urql = new UrqlClient({
      url: `${server.url}/graphql`,
      exchanges: [
        subscriptionExchange({
          forwardSubscription: (request) => ({
            subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
          }),
        }),
      ],
    });
    const event = await new Promise<{ tail: { logStream: string } }>((resolve, reject) => {
      const { unsubscribe } = urql.subscription(print(TailServiceLogsDocument), { service: 'orders-service' }).subscribe((result) => {
        if (result.error) reject(result.error);
        else if (result.data) {
          unsubscribe();
          resolve(result.data as { tail: { logStream: string } });
        }
      });
    });
    expect(event.tail.logStream).toContain('orders-service');
  });
});
