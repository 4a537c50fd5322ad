import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfilesDocument } from '../../src/generated/graphql.ts';
import { createTestGateway, type TestGateway } from '../support/test-gateway.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const DASHBOARD = 'tkr_dashboard';
const EXPLORER = 'tkr_explorer';
const ON_CALL = 'tkr_on_call';
const PROFILES_ID = (ProfilesDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;
// A fixed clock 3 s past a 10 s boundary: relative log windows end 7 s later.
const NOW = Math.floor(Date.now() / 10_000) * 10_000 - 60_000 + 3_000;

const TOML = `[server]
host = "0.0.0.0"
[server.trusted_documents]
enforce = true

[[server.tokens]]
name = "dashboard"
sha256 = "${sha(DASHBOARD)}"

[[server.tokens]]
name = "explorer"
sha256 = "${sha(EXPLORER)}"
explore = true

[[server.tokens]]
name = "on-call"
sha256 = "${sha(ON_CALL)}"
explore = true

[profiles.demo]
backend = "local"
`;

let gateway: TestGateway;
const refusals: Array<{ caller: string | null; code: string }> = [];
beforeAll(async () => {
  gateway = await createTestGateway({ toml: TOML, now: () => NOW, audit: { operation: () => {}, refused: (entry) => refusals.push(entry) } });
}, 120_000); // seeds the demo organisation: slow on a loaded machine
afterAll(() => gateway.close());

function post(token: string, body: unknown) {
  return gateway.yoga.fetch('http://tinkr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

function get(token: string, params: Record<string, unknown>, headers: Record<string, string> = {}) {
  const search = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
  return gateway.yoga.fetch(`http://tinkr.test/graphql?${search}`, { headers: { accept: 'application/graphql-response+json', authorization: `Bearer ${token}`, ...headers } });
}

describe('trusted documents', () => {
  it('runs the shipped dashboards\' documents by documentId ("sha256:<hex>" or the bare hex) and by Apollo\'s extension', async () => {
    expect(PROFILES_ID).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const body of [
      { documentId: PROFILES_ID },
      { documentId: PROFILES_ID.slice('sha256:'.length) },
      { extensions: { persistedQuery: { version: 1, sha256Hash: PROFILES_ID.slice('sha256:'.length) } } },
    ]) {
      const response = await post(DASHBOARD, body);
      expect(response.status).toBe(200);
      const answer = (await response.json()) as { data: { profiles: Array<{ name: string; services: unknown[] }> } };
      expect(answer.data.profiles.map((p) => p.name)).toEqual(['demo']);
      expect(answer.data.profiles[0]!.services).toHaveLength(9);
    }
  });

  it('refuses a document of its own from a caller without the explore scope, and runs it for one with it', async () => {
    const refused = await post(DASHBOARD, { query: '{ profiles { name } }' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      errors: [{ message: 'caller "dashboard" may send only trusted documents (by documentId); documents of its own need the explore scope', extensions: { code: 'FORBIDDEN' } }],
    });
    expect(refusals).toEqual([expect.objectContaining({ caller: 'dashboard', code: 'FORBIDDEN', path: '/graphql' })]);
    const allowed = await post(EXPLORER, { query: '{ profiles { name } }' });
    expect(await allowed.json()).toMatchObject({ data: { profiles: [{ name: 'demo' }] } });
  });

  it('answers an unknown id with PersistedQueryNotFound', async () => {
    const response = await post(DASHBOARD, { documentId: `sha256:${sha('query Nope { profiles { name } }')}` });
    const body = (await response.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
  });
});

describe('Apollo Client\'s persisted-query link', () => {
  function apollo(token: string, link: ApolloLink, requests: Array<{ method: string; body: string | null; url: string }>) {
    const http = new HttpLink({
      uri: 'http://tinkr.test/graphql',
      headers: { authorization: `Bearer ${token}` },
      fetch: async (input, init) => {
        requests.push({ method: init?.method ?? 'GET', body: typeof init?.body === 'string' ? init.body : null, url: String(input) });
        return gateway.yoga.fetch(String(input), init as RequestInit);
      },
    });
    return new ApolloClient({ link: ApolloLink.from([link, http]), cache: new InMemoryCache() });
  }

  it('sends a trusted document by its hash (GET) for a dashboard caller', async () => {
    const requests: Array<{ method: string; body: string | null; url: string }> = [];
    const link = new PersistedQueryLink({
      generateHash: (document) => (document as unknown as { __meta__: { hash: string } }).__meta__.hash.replace(/^sha256:/, ''),
      useGETForHashedQueries: true,
    });
    const client = apollo(DASHBOARD, link, requests);
    const result = await client.query({ query: ProfilesDocument });
    expect(result.data?.profiles.map((p) => p.name)).toEqual(['demo']);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.method).toBe('GET');
    expect(decodeURIComponent(requests[0]!.url)).toContain(PROFILES_ID.slice('sha256:'.length));
    expect(requests[0]!.url).not.toContain('query=');
  });

  it('falls back to the full text after PersistedQueryNotFound (automatic persisted queries) for an explorer', async () => {
    const requests: Array<{ method: string; body: string | null; url: string }> = [];
    const link = new PersistedQueryLink({ sha256: (text: string) => sha(text) });
    const client = apollo(EXPLORER, link, requests);
    const result = await client.query({ query: gql`query JustNames { profiles { name } }` });
    expect(result.data).toEqual({ profiles: [{ __typename: 'Profile', name: 'demo' }] });
    expect(requests).toHaveLength(2);
    expect(JSON.parse(requests[0]!.body!)).not.toHaveProperty('query');
    expect(JSON.parse(requests[1]!.body!).query).toContain('JustNames');
  });
});

describe('HTTP caching', () => {
  it('answers a GET with private max-age from the aligned window and an ETag; a repeat with If-None-Match gets 304', async () => {
    const params = { query: '{ service(name: "payments-api") { logs(range: { last: "15m" }, limit: 1) { truncated } } }' };
    const first = await get(EXPLORER, params);
    expect(first.status).toBe(200);
    const body = (await first.json()) as { data: unknown; extensions: { cost: unknown } };
    expect(body.data).toEqual({ service: { logs: { truncated: expect.any(Boolean) } } });
    expect(first.headers.get('cache-control')).toBe('private, max-age=7');
    expect(first.headers.get('vary')).toBe('Accept, Authorization, Accept-Encoding');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[\w-]{27}"$/);
    const again = await get(EXPLORER, params, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    // The 304 repeats the 200's Vary, Accept-Encoding included.
    expect(again.headers.get('vary')).toBe('Accept, Authorization, Accept-Encoding');
    expect(await again.text()).toBe('');
    const changed = await get(EXPLORER, params, { 'if-none-match': 'W/"something-else"' });
    expect(changed.status).toBe(200);
  });

  it('caches persisted GETs and answers without relative windows for a minute; errors are not cached', async () => {
    const first = await get(DASHBOARD, { documentId: PROFILES_ID });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('private, max-age=60');
    const repeat = await get(DASHBOARD, { documentId: PROFILES_ID }, { 'if-none-match': first.headers.get('etag')! });
    expect(repeat.status).toBe(304);
    const failing = await get(EXPLORER, { query: '{ profile(name: "nope") { name } }' });
    expect(failing.headers.get('cache-control')).toBe('no-store');
    expect(failing.headers.get('etag')).toBeNull();
  });
});

describe('compression', () => {
  async function graphiql(acceptEncoding: string, headers: Record<string, string> = {}) {
    return gateway.yoga.fetch('http://tinkr.test/graphql', { headers: { accept: 'text/html', 'accept-encoding': acceptEncoding, ...headers } });
  }

  it('serves GraphiQL brotli- or gzip-compressed, cacheable and revalidated by ETag', async () => {
    const br = await graphiql('gzip, deflate, br, zstd');
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    const compressed = Buffer.from(await br.arrayBuffer());
    const page = brotliDecompressSync(compressed).toString('utf8');
    expect(page).toContain('<title>Tinkr gateway</title>');
    expect(Number(br.headers.get('content-length'))).toBe(compressed.byteLength);
    expect(compressed.byteLength).toBeLessThan(Buffer.byteLength(page) / 3);
    expect(br.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(br.headers.get('vary')).toBe('Accept, Accept-Encoding');
    const gz = await graphiql('gzip;q=1.0, br;q=0');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8')).toBe(page);
    const plain = await graphiql('identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(page);
    const revalidated = await graphiql('br', { 'if-none-match': br.headers.get('etag')! });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('vary')).toBe('Accept, Accept-Encoding');
  });

  it('compresses a large GraphQL answer and leaves a small one alone', async () => {
    const large = await get(EXPLORER, { query: '{ service(name: "payments-api") { logs(range: { last: "1h" }, limit: 100) { events { timestamp message } } } }' }, { 'accept-encoding': 'gzip' });
    const small = await get(EXPLORER, { query: '{ profiles { name } }' }, { 'accept-encoding': 'gzip' });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(((await small.json()) as { data: unknown }).data).toEqual({ profiles: [{ name: 'demo' }] });
    expect(large.headers.get('content-encoding')).toBe('gzip');
    const body = JSON.parse(gunzipSync(Buffer.from(await large.arrayBuffer())).toString('utf8')) as { data: { service: { logs: { events: unknown[] } } } };
    expect(body.data.service.logs.events).toHaveLength(100);
  });

  it("gives each caller its own compressed bytes when two answers differ only in extensions.cost", async () => {
    type Answer = { data: unknown; extensions: { cost: { totalCalls: number; cacheHits: number } } };
    // A query no other test asks: the first caller's answer costs AWS calls, the second's is shared.
    const query = { query: '{ service(name: "payments-api") { logs(range: { last: "1h" }, limit: 97) { events { timestamp message } } } }' };
    const first = await get(EXPLORER, query, { 'accept-encoding': 'br' });
    const second = await get(ON_CALL, query, { 'accept-encoding': 'br' });
    for (const response of [first, second]) expect(response.headers.get('content-encoding')).toBe('br');
    // Same data, same ETag: what the compressed bytes were once found by.
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    const firstBody = JSON.parse(brotliDecompressSync(Buffer.from(await first.arrayBuffer())).toString('utf8')) as Answer;
    const secondBody = JSON.parse(brotliDecompressSync(Buffer.from(await second.arrayBuffer())).toString('utf8')) as Answer;
    expect(secondBody.data).toEqual(firstBody.data);
    expect(firstBody.extensions.cost.totalCalls).toBeGreaterThan(0);
    expect(secondBody.extensions.cost).toMatchObject({ totalCalls: 0, cacheHits: expect.any(Number) });
    expect(secondBody.extensions.cost.cacheHits).toBeGreaterThan(0);
  });
});
