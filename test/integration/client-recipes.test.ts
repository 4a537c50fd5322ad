// The client recipes of docs/clients.md (the files under test/clients, which the doc includes
// verbatim: test/unit/client-recipes-doc.test.ts) run with each client's defaults against a real
// gateway over HTTP on loopback, serving the demo organisation: urql's and graphql-request's GETs
// and a plain fetch GET with no special header, @defer in both of Apollo Client's formats and
// urql's, Apollo's HTTP multipart subscriptions, its automatic persisted queries, graphql-ws.
// Every response the clients get is recorded (the global fetch, which they all use, is wrapped), so
// the tests assert what went over the wire, not only what the clients made of it.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { Defer20220824Handler } from '@apollo/client/incremental';
import { gql as urqlGql } from '@urql/core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { listen, type RunningServer } from '../../src/server/http-server.ts';
import { createRuntime } from '../../src/server/start-gateway.ts';
import { createGatewayYoga } from '../../src/server/yoga.ts';
import { createTinkrApolloClient } from '../clients/apollo-client.ts';
import { createTinkrGraphQLRequestClient } from '../clients/graphql-request.ts';
import { createTinkrWsClient } from '../clients/graphql-ws.ts';
import { createTinkrUrqlClient } from '../clients/urql.ts';
import { configFromToml } from '../support/test-gateway.ts';

interface Exchange {
  method: string;
  url: string;
  accept: string | null;
  status: number;
  contentType: string | null;
  cacheControl: string | null;
  etag: string | null;
}

let runtime: GatewayRuntime;
let server: RunningServer;
let graphqlUrl: string;
const exchanges: Exchange[] = [];
const originalFetch = globalThis.fetch;

beforeAll(async () => {
  runtime = await createRuntime(configFromToml('[logs]\ntail_interval = "500ms"\n[profiles.demo]\nbackend = "local"\n'));
  server = await listen(createGatewayYoga({ runtime, multipartHeartbeatMs: 200 }), runtime, pino({ level: 'silent' }));
  graphqlUrl = `${server.url}/graphql`;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const response = await originalFetch(input, init);
    exchanges.push({
      method: request.method,
      url: request.url,
      accept: request.headers.get('accept'),
      status: response.status,
      contentType: response.headers.get('content-type'),
      cacheControl: response.headers.get('cache-control'),
      etag: response.headers.get('etag'),
    });
    return response;
  };
}, 120_000);
afterAll(async () => {
  globalThis.fetch = originalFetch;
  await server?.close();
});

/** The exchanges that `run` caused. */
async function recorded<T>(run: () => Promise<T>): Promise<{ result: T; seen: Exchange[] }> {
  const from = exchanges.length;
  const result = await run();
  return { result, seen: exchanges.slice(from) };
}

const DEFERRED = `query PaymentsWithLogs {
  service(name: "payments-api") {
    name
    ... @defer(label: "logs") { logs(range: { last: "1h" }, filter: { contains: "ERROR" }, limit: 2) { status events { message } } }
  }
}`;

describe('GETs without a special header', () => {
  it('urql sends a query as GET by default and gets its answer', async () => {
    const urql = createTinkrUrqlClient(graphqlUrl);
    const { result, seen } = await recorded(() => urql.query(urqlGql`{ profiles { name } }`, {}).toPromise());
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual({ profiles: [{ name: 'demo' }] });
    expect(seen.map(({ method, status }) => ({ method, status }))).toEqual([{ method: 'GET', status: 200 }]);
  });

  it('graphql-request with method GET gets its answer, cacheable', async () => {
    const client = createTinkrGraphQLRequestClient(graphqlUrl);
    const { result, seen } = await recorded(() => client.request<{ profiles: Array<{ name: string }> }>('{ profiles { name } }'));
    expect(result).toEqual({ profiles: [{ name: 'demo' }] });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', status: 200, cacheControl: 'private, max-age=60' });
  });

  it('a plain fetch GET gets its answer', async () => {
    const response = await originalFetch(`${graphqlUrl}?query=${encodeURIComponent('{ profiles { name } }')}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown }).data).toEqual({ profiles: [{ name: 'demo' }] });
  });
});

/** Watches `query` until its deferred part has arrived; returns every data state seen. */
function watchUntilComplete(client: ApolloClient, query: string): Promise<Array<{ dataState: string; data: any }>> {
  return new Promise((resolve, reject) => {
    const states: Array<{ dataState: string; data: any }> = [];
    const subscription = client.watchQuery({ query: gql(query), fetchPolicy: 'network-only' }).subscribe({
      next: (result) => {
        if (result.error) return reject(result.error);
        if (result.dataState === 'empty') return;
        states.push({ dataState: result.dataState, data: result.data });
        if (result.dataState === 'complete') {
          subscription.unsubscribe();
          resolve(states);
        }
      },
      error: reject,
    });
  });
}

function expectDeferredLogs(states: Array<{ dataState: string; data: any }>): void {
  // First the fast part alone, then the deferred logs merged into it.
  expect(states[0]).toEqual({ dataState: 'streaming', data: { service: { __typename: 'Service', name: 'payments-api' } } });
  const last = states.at(-1)!;
  expect(last.dataState).toBe('complete');
  expect(last.data.service.name).toBe('payments-api');
  expect(last.data.service.logs.status).toBe('COMPLETE');
  expect(last.data.service.logs.events).toHaveLength(2);
  for (const event of last.data.service.logs.events) expect(event.message).toContain('ERROR');
}

describe('@defer in the format each client asks for', () => {
  it("Apollo Client's GraphQL17Alpha9Handler (the recipe) gets GraphQL 17's pending/incremental/completed", async () => {
    const apollo = createTinkrApolloClient(graphqlUrl);
    const { result, seen } = await recorded(() => watchUntilComplete(apollo, DEFERRED));
    expectDeferredLogs(result);
    const deferred = seen.filter((exchange) => exchange.contentType?.startsWith('multipart/mixed'));
    expect(deferred).toHaveLength(1);
    expect(deferred[0]!.accept).toContain('multipart/mixed;incrementalSpec=v0.2');
    expect(deferred[0]!.contentType).toBe('multipart/mixed; boundary="-"; incrementalSpec=v0.2');
  });

  it("Apollo Client's Defer20220824Handler gets the 2022 format", async () => {
    const apollo = new ApolloClient({ cache: new InMemoryCache(), incrementalHandler: new Defer20220824Handler(), link: new HttpLink({ uri: graphqlUrl }) });
    const { result, seen } = await recorded(() => watchUntilComplete(apollo, DEFERRED));
    expectDeferredLogs(result);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.accept).toContain('multipart/mixed;deferSpec=20220824');
    expect(seen[0]!.contentType).toBe('multipart/mixed; boundary="-"; deferSpec=20220824');
  });

  it('urql gets the 2022 format and merges the deferred part', async () => {
    const urql = createTinkrUrqlClient(graphqlUrl);
    const results: any[] = [];
    const { seen } = await recorded(
      () =>
        new Promise<void>((resolve, reject) => {
          // Not unsubscribed: urql ends the operation itself after the last part.
          urql.query(DEFERRED, {}).subscribe((result) => {
            if (result.error) return reject(result.error);
            results.push(result.data);
            if (!result.hasNext) resolve();
          });
        }),
    );
    expect(results[0]).toEqual({ service: { name: 'payments-api' } });
    expect(results.at(-1).service.logs.events).toHaveLength(2);
    expect(seen[0]!.contentType).toBe('multipart/mixed; boundary="-"; deferSpec=20220824');
  });

  it('the raw parts are what each format says', async () => {
    const parts = async (accept: string) => {
      const response = await originalFetch(graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query: DEFERRED }) });
      const text = await response.text();
      return text
        .split('\r\n---')
        .map((part) => part.slice(part.indexOf('\r\n\r\n') + 4))
        .filter((json) => json.startsWith('{'))
        .map((json) => {
          const { extensions: _extensions, ...rest } = JSON.parse(json);
          return rest;
        });
    };
    const v02 = await parts('multipart/mixed;incrementalSpec=v0.2');
    expect(v02[0]).toEqual({ data: { service: { name: 'payments-api' } }, pending: [{ id: '0', path: ['service'], label: 'logs' }], hasNext: true });
    expect(v02.at(-1)).toMatchObject({ incremental: [{ id: '0', data: { logs: { status: 'COMPLETE' } } }], completed: [{ id: '0' }], hasNext: false });
    const legacy = await parts('multipart/mixed');
    expect(legacy[0]).toEqual({ data: { service: { name: 'payments-api' } }, hasNext: true });
    expect(legacy.at(-1)).toMatchObject({ incremental: [{ path: ['service'], label: 'logs', data: { logs: { status: 'COMPLETE' } } }], hasNext: false });
  });
});

describe('subscriptions over HTTP multipart (Apollo HttpLink)', () => {
  const TAIL = 'subscription Tail($service: String!) { tail(service: $service) { message logStream } }';

  it('Apollo Client subscribes through its HttpLink and gets events', async () => {
    const apollo = createTinkrApolloClient(graphqlUrl);
    const { result: event, seen } = await recorded(
      () =>
        new Promise<{ tail: { message: string; logStream: string } }>((resolve, reject) => {
          const subscription = apollo.subscribe({ query: gql(TAIL), variables: { service: 'checkout-web' } }).subscribe({
            next: (result) => {
              if (result.error) return reject(result.error);
              if (!result.data) return;
              subscription.unsubscribe();
              resolve(result.data as { tail: { message: string; logStream: string } });
            },
            error: reject,
          });
        }),
    );
    expect(event.tail.logStream).toContain('checkout-web');
    // The recipe's PersistedQueryLink asks by hash first; the subscription itself is multipart.
    const streamed = seen.filter((exchange) => exchange.contentType?.startsWith('multipart/'));
    expect(streamed).toHaveLength(1);
    expect(streamed[0]!.accept).toContain('multipart/mixed;boundary=graphql;subscriptionSpec=1.0');
    expect(streamed[0]!.contentType).toBe('multipart/mixed;boundary="graphql";subscriptionSpec="1.0"');
  });

  it('sends {"payload": ...} parts and {} heartbeats, one accept header and no other duplicate', async () => {
    const response = await originalFetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed;boundary=graphql;subscriptionSpec=1.0,application/json;q=0.9' },
      body: JSON.stringify({ query: TAIL, variables: { service: 'checkout-web' } }),
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    // Until both an event and a heartbeat (every 200 ms here) have arrived.
    while (!(text.includes('{"payload":{"data":{"tail"') && text.includes('\r\n\r\n{}'))) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
    const parts = text.split('\r\n--graphql').slice(1).map((part) => part.split('\r\n\r\n'));
    for (const [headers] of parts) expect(headers).toBe('\r\ncontent-type: application/json; charset=utf-8');
    const bodies = parts.map(([, body]) => JSON.parse(body!));
    expect(bodies).toContainEqual({});
    expect(bodies.find((body) => body.payload)).toEqual({ payload: { data: { tail: { message: expect.any(String), logStream: expect.stringContaining('checkout-web') } } } });

    const refused = await originalFetch(graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query: TAIL, variables: { service: 'checkout-web' } }) });
    expect(refused.status).toBe(406);
    expect(refused.headers.get('accept')).toBe('text/event-stream, multipart/mixed;subscriptionSpec="1.0"');
    const [error] = ((await refused.json()) as { errors: Array<{ message: string; extensions: unknown }> }).errors;
    expect(error!.message).toContain('send "Accept: text/event-stream" (GraphQL over SSE) or "Accept: multipart/mixed;subscriptionSpec=\\"1.0\\"" (Apollo\'s multipart subscriptions)');
    expect(error!.extensions).toEqual({ code: 'NOT_ACCEPTABLE', accept: ['text/event-stream', 'multipart/mixed;subscriptionSpec="1.0"'] });
  });
});

describe("automatic persisted queries (Apollo's PersistedQueryLink)", () => {
  it('registers a document on its first miss; the next ask is a hash-only GET answered with data, cacheable', async () => {
    const query = '{ profiles { name region } }';
    const first = await recorded(() => createTinkrApolloClient(graphqlUrl).query({ query: gql(query) }));
    expect(first.result.data).toEqual({ profiles: [{ __typename: 'Profile', name: 'demo', region: 'us-east-1' }] });
    // The hash alone (GET, unknown), then the text with the hash (POST), which registers it.
    expect(first.seen.map(({ method, status }) => ({ method, status }))).toEqual([
      { method: 'GET', status: 200 },
      { method: 'POST', status: 200 },
    ]);
    expect(new URL(first.seen[0]!.url).searchParams.has('query')).toBe(false);
    // Another client (another page load): the hash alone is enough now.
    const second = await recorded(() => createTinkrApolloClient(graphqlUrl).query({ query: gql(query) }));
    expect(second.result.data).toEqual(first.result.data);
    expect(second.seen).toHaveLength(1);
    expect(second.seen[0]).toMatchObject({ method: 'GET', status: 200, cacheControl: 'private, max-age=60', etag: expect.stringMatching(/^W\//) });
    expect(new URL(second.seen[0]!.url).searchParams.has('query')).toBe(false);
  });

  it('refuses a text whose SHA-256 is not the hash sent with it', async () => {
    const response = await originalFetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ profiles { name } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }),
    });
    expect(response.status).toBe(400);
    const [error] = ((await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> }).errors;
    expect(error!.extensions.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
    expect(error!.message).toMatch(/^provided sha256Hash a{64} is not the SHA-256 of the query text \([0-9a-f]{64}\)/);
    // Nothing was registered under it.
    const lookup = await originalFetch(`${graphqlUrl}?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } }))}`);
    expect(((await lookup.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('graphql-ws', () => {
  it('the recipe client runs a query and a subscription', async () => {
    const ws = createTinkrWsClient(graphqlUrl.replace(/^http/, 'ws'));
    try {
      const profiles: unknown[] = [];
      for await (const result of ws.iterate({ query: '{ profiles { name } }' })) profiles.push(result.data);
      expect(profiles).toEqual([{ profiles: [{ name: 'demo' }] }]);
      for await (const result of ws.iterate({ query: 'subscription { tail(service: "checkout-web") { logStream } }' })) {
        expect((result.data as { tail: { logStream: string } }).tail.logStream).toContain('checkout-web');
        break;
      }
    } finally {
      await ws.dispose();
    }
  });
});

it('Apollo links in the recipe order still work composed with another link', async () => {
  // A frontend adds its own links around the recipe's: the context it sets reaches the request.
  const marker = new ApolloLink((operation, forward) => {
    operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({ headers: { ...headers, 'x-frontend': 'dashboards' } }));
    return forward(operation);
  });
  const apollo = new ApolloClient({ cache: new InMemoryCache(), link: ApolloLink.from([marker, new HttpLink({ uri: graphqlUrl })]) });
  const { result } = await recorded(() => apollo.query({ query: gql('{ profiles { name } }') }));
  expect(result.data).toEqual({ profiles: [{ __typename: 'Profile', name: 'demo' }] });
});
