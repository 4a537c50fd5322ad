// Automatic persisted queries shared by replicas through Redis (REDIS_URL): a document registered
// on one replica runs by its hash on another; with Redis gone, each process's own store answers and
// nothing fails. Under trusted_documents.enforce nothing is registered.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AutomaticPersistedQueries } from '../../src/server/automatic-persisted-queries.ts';
import { AUTOMATIC_PERSISTED_QUERIES } from '../../src/server/yoga.ts';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { REDIS_SERVER, skipEachTestWithout } from '../support/required-tool.ts';
import { configFromToml, createTestGateway, type TestGateway } from '../support/test-gateway.ts';

const redisMissing = skipEachTestWithout(REDIS_SERVER);
const PROFILE = '[profiles.p]\nbackend = "cloudwatch"\nregion = "us-east-1"\n';

let redis: TestRedis;
let replicas: TestGateway[] = [];
beforeAll(async () => {
  if (redisMissing) return;
  redis = await startTestRedis();
  replicas = await Promise.all([0, 1].map(() => createTestGateway({ config: configFromToml(PROFILE, { env: { REDIS_URL: redis.url } }) })));
});
afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.close()));
  await redis?.stop();
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const extensions = (text: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(text) } });

function register(replica: TestGateway, text: string) {
  return replica.yoga.fetch('http://tinkr.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: text, extensions: extensions(text) }) });
}

async function byHash(replica: TestGateway, text: string): Promise<{ status: number; body: { data?: unknown; errors?: Array<{ extensions: { code: string } }> } }> {
  const response = await replica.yoga.fetch(`http://tinkr.test/graphql?extensions=${encodeURIComponent(JSON.stringify(extensions(text)))}`);
  return { status: response.status, body: (await response.json()) as never };
}

it('runs a document registered on one replica by its hash on another', async () => {
  const text = '{ profiles { name region } }';
  expect((await byHash(replicas[1]!, text)).body.errors?.[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  expect((await register(replicas[0]!, text)).status).toBe(200);
  expect(await byHash(replicas[1]!, text)).toMatchObject({ status: 200, body: { data: { profiles: [{ name: 'p', region: 'us-east-1' }] } } });
  expect(AUTOMATIC_PERSISTED_QUERIES.of(replicas[1]!.runtime).redisErrors).toBe(0);
});

it('keeps serving from each process’s own store when Redis is gone, counting the failures', async () => {
  // Stores of their own on a Redis of their own: the replicas above keep theirs.
  const own = await startTestRedis();
  let stopped = false;
  const [a, b] = [0, 1].map(() => new AutomaticPersistedQueries({ maxBytes: 1_048_576, maxEntries: 100, redisUrl: own.url }));
  try {
    const [first, second] = ['{ profiles { name backend } }', '{ profiles { region backend } }'];
    await a!.set(sha256(first!), first!);
    expect(await b!.get(sha256(first!))).toBe(first);
    await own.stop();
    stopped = true;
    await a!.set(sha256(second!), second!);
    expect(await a!.get(sha256(second!))).toBe(second);
    // The other process cannot know it: the client's usual miss, then it sends the text.
    expect(await b!.get(sha256(second!))).toBeUndefined();
    expect(await b!.get(sha256(first!))).toBe(first);
    expect(a!.redisErrors).toBeGreaterThan(0);
    expect(b!.redisErrors).toBeGreaterThan(0);
  } finally {
    a!.close();
    b!.close();
    if (!stopped) await own.stop();
  }
});

it('registers nothing when trusted documents are enforced', async () => {
  const enforced = await createTestGateway({ toml: `[server.trusted_documents]\nenforce = true\n${PROFILE}` });
  try {
    const text = '{ profiles { name } }';
    // Without auth the caller may explore: its text runs, and is not registered.
    const registered = await register(enforced, text);
    expect(((await registered.json()) as { data: unknown }).data).toEqual({ profiles: [{ name: 'p' }] });
    expect((await byHash(enforced, text)).body.errors?.[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(AUTOMATIC_PERSISTED_QUERIES.peek(enforced.runtime)).toBeUndefined();
  } finally {
    await enforced.close();
  }
});

it('bounds the store by bytes and entries, evicting the least recently used', async () => {
  const small = await createTestGateway({ toml: `[server.trusted_documents]\nautomatic_max_entries = 2\n${PROFILE}` });
  try {
    const texts = ['{ profiles { name } }', '{ profiles { region } }', '{ profiles { backend } }'];
    for (const text of texts) expect((await register(small, text)).status).toBe(200);
    const store = AUTOMATIC_PERSISTED_QUERIES.of(small.runtime);
    expect(store.size).toBe(2);
    expect(store.bytes).toBe(Buffer.byteLength(texts[1]!) + Buffer.byteLength(texts[2]!));
    expect((await byHash(small, texts[0]!)).body.errors?.[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await byHash(small, texts[2]!)).status).toBe(200);
  } finally {
    await small.close();
  }
});
