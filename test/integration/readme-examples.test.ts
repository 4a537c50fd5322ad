// Every GraphQL example of the README runs against the demo organisation as `npm start` serves it
// (the embedded emulator seeded at start-up) and answers with data: no errors, and the lists a
// reader looks at are not empty.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, OperationTypeNode, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/loaders/gateway-runtime.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';

const readme = readFileSync('README.md', 'utf8');
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);

let local: LocalEmulator;
let runtime: GatewayRuntime;
let yoga: GatewayYoga;

beforeAll(async () => {
  // What `npm start` serves with no config: the demo profile on the embedded emulator, right after start-up.
  // The config `npm start` loads with no tinkr.toml and no TINKR_* variables (profiles demo and demo-otel).
  const config = loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), 'tinkr-readme-')) });
  local = await startLocalEmulator({ host: '127.0.0.1', port: 0, liveFeed: false, historyHours: 2, spans: true });
  runtime = new GatewayRuntime(config, { url: local.emulator.url, services: demoServiceConfigs() });
  yoga = createGatewayYoga({ runtime, now: local.clock });
}, 60_000);
afterAll(async () => {
  await runtime?.close();
  await local?.close();
});

/** Every payload of a response: one JSON body, or the parts of a multipart/mixed one. */
async function run(query: string, variables: Record<string, unknown> = {}): Promise<Array<Record<string, any>>> {
  const response = await yoga.fetch('http://tinkr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed, application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const contentType = response.headers.get('content-type') ?? '';
  const body = await response.text();
  if (!contentType.startsWith('multipart/mixed')) return [JSON.parse(body)];
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)![1]!;
  return body
    .split(`--${boundary}`)
    .map((part) => part.split(/\r?\n\r?\n/).slice(1).join('\n\n').trim())
    .filter((json) => json.startsWith('{'))
    .map((json) => JSON.parse(json));
}

/** The arrays found under `key` anywhere in a value. */
function listsNamed(value: unknown, key: string, found: unknown[][] = []): unknown[][] {
  if (Array.isArray(value)) for (const item of value) listsNamed(item, key, found);
  else if (value && typeof value === 'object') {
    for (const [name, child] of Object.entries(value)) {
      if (name === key && Array.isArray(child)) found.push(child);
      listsNamed(child, key, found);
    }
  }
  return found;
}

describe('README examples against the demo', () => {
  it('has the GraphQL examples this test knows', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
  });

  it.each(examples.map((text, index) => [index + 1, text.split('\n')[0]!.slice(0, 60), text] as const))('example %i (%s) answers with data', async (_index, _first, text) => {
    const operation = parse(text).definitions[0] as OperationDefinitionNode;
    expect(operation.operation).toBe(OperationTypeNode.QUERY);
    const variables: Record<string, unknown> = {};
    if (operation.variableDefinitions?.some((variable) => variable.variable.name.value === 'id')) {
      // "an id from a trace list": the first faulty payments-api trace of the last hour.
      const [list] = await run('{ service(name: "payments-api") { traces(range: { last: "1h" }, filter: { fault: true }, limit: 1) { traces { id } } } }');
      variables['id'] = list!['data'].service.traces.traces[0].id;
    }
    const payloads = await run(text, variables);
    const errors = payloads.flatMap((payload) => [...(payload['errors'] ?? []), ...(payload['incremental'] ?? []).flatMap((part: any) => part.errors ?? [])]);
    expect(errors).toEqual([]);
    const data = payloads.map((payload) => [payload['data'], payload['incremental']]);
    // Lists of things that always exist (services, their metrics, a trace's roots) are never empty;
    // of the lists of what happened (lines, traces, points, spans) at least one per kind holds
    // something: on a whole dashboard some services are quiet, but the example shows data.
    for (const key of ['services', 'metrics', 'rootSpans']) {
      for (const list of listsNamed(data, key)) expect(list.length, `${key} in example ${_index}`).toBeGreaterThan(0);
    }
    for (const key of ['events', 'traces', 'points', 'spans', 'nodes', 'edges']) {
      const lists = listsNamed(data, key);
      if (lists.length > 0) expect(Math.max(...lists.map((list) => list.length)), `${key} in example ${_index}`).toBeGreaterThan(0);
    }
    expect(['events', 'traces', 'points', 'services', 'rootSpans', 'nodes', 'edges'].some((key) => listsNamed(data, key).length > 0)).toBe(true);
  });
});

describe('README live tail example against the demo', () => {
  it('streams real log lines within seconds of connecting', { timeout: 60_000 }, async () => {
    const body = /-d '(\{"query":"subscription[^']*\})'/.exec(readme)?.[1];
    expect(body, 'the curl example of the tail').toBeDefined();
    // `npm start`: the live demo feed on, the default tail interval.
    const live = await startLocalEmulator({ host: '127.0.0.1', port: 0, historyHours: 1 });
    const liveRuntime = new GatewayRuntime(loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), 'tinkr-readme-')) }), { url: live.emulator.url, services: demoServiceConfigs() });
    const controller = new AbortController();
    try {
      const response = await createGatewayYoga({ runtime: liveRuntime }).fetch('http://tinkr.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: body!,
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const deadline = Date.now() + 30_000;
      while (!/^data: \{"data":\{"tail"/m.test(text) && Date.now() < deadline) {
        const chunk = await Promise.race([reader.read(), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), deadline - Date.now()))]);
        if (!chunk || chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
      }
      const line = /^data: (\{"data":\{"tail".*)$/m.exec(text)?.[1];
      expect(line, `no tail event in 30 s: ${text.slice(0, 300)}`).toBeDefined();
      expect(JSON.parse(line!).data.tail.message).toMatch(/\S/);
    } finally {
      controller.abort();
      await liveRuntime.close();
      await live.close();
    }
  });
});
