// Every GraphQL example of the README and of docs/graphql.md runs against the demo organisation as
// `npm start` serves it
// (the embedded emulator seeded at start-up, its live feed running on) and answers with data: no
// errors, and the lists a reader looks at are not empty. Not only right after start-up: also as the
// demo is 30 minutes, 3 hours and a day later, when its incident is long past. The live tail example
// shows a real ERROR/WARN line (not only keep-alives) within a bounded number of feed ticks.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, OperationTypeNode, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';

/** The pages whose GraphQL examples a reader copies: the README's first query, then the GraphQL guide. */
const PAGES = ['README.md', 'docs/graphql.md'] as const;
const examplesOf = (page: string): string[] => [...readFileSync(page, 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
const examplesByPage = new Map(PAGES.map((page) => [page, examplesOf(page)]));
/** Each example once, named by the first page that shows it (the README's first query is in the guide too). */
const examples = new Map<string, string>();
for (const page of PAGES) {
  for (const [index, text] of examplesByPage.get(page)!.entries()) if (!examples.has(text)) examples.set(text, `${page} #${index + 1}`);
}
const guide = readFileSync('docs/graphql.md', 'utf8');
/** The guide's way to an id for the trace-by-id example: a trace list. */
const traceListForId = /take one from a list, e\.g\.\s+`([^`]+)`/.exec(guide)?.[1];
/** The body of the guide's curl example of the live tail. */
const tailBody = /-d '(\{"query":"subscription[^']*\})'/.exec(guide)?.[1];

const MINUTE = 60_000;
/**
 * The wall clock the examples are tried at, pinned: the demo's data is a function of (seed, now,
 * start), so every run reads the same data; AGES vary the start.
 */
const NOW = Date.UTC(2026, 10, 25, 17, 30, 0);
/** How long the demo has been running when the examples are tried: at start-up, then later. */
const AGES: ReadonlyArray<[string, number]> = [
  ['right after start-up', 0],
  ['30 minutes after start-up', 30 * MINUTE],
  ['3 hours after start-up', 180 * MINUTE],
  ['a day after start-up', 25 * 60 * MINUTE],
];
/** Feed ticks (one simulated second each) within which the tail must show an ERROR/WARN line. */
const TAIL_TICKS = 20;

/** The config `npm start` loads with no TINKR_* variables (profiles demo and demo-otel), plus `toml`. */
function npmStartConfig(toml = ''): ReturnType<typeof loadConfig> {
  const cwd = mkdtempSync(join(tmpdir(), 'tinkr-readme-'));
  if (toml) writeFileSync(join(cwd, 'tinkr.toml'), toml);
  return loadConfig({ env: {}, cwd });
}

/** Every payload of a response: one JSON body, or the parts of a multipart/mixed one. */
async function run(yoga: GatewayYoga, query: string, variables: Record<string, unknown> = {}): Promise<Array<Record<string, any>>> {
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

it('the README and docs/graphql.md have the GraphQL examples, the trace list and the tail this test knows', () => {
  expect(examplesByPage.get('README.md')!.length, 'the README\'s first query').toBeGreaterThanOrEqual(1);
  expect(examplesByPage.get('docs/graphql.md')!.length).toBeGreaterThanOrEqual(8);
  expect(traceListForId, 'the trace list the trace-by-id example takes its id from').toBeDefined();
  expect(tailBody, 'the curl example of the tail').toBeDefined();
});

describe.each(AGES)('README and docs/graphql.md examples against the demo, %s', (_age, ageMs) => {
  let local: LocalEmulator;
  let runtime: GatewayRuntime;
  let yoga: GatewayYoga;

  beforeAll(async () => {
    // The demo started `ageMs` ago: its data is what seeding at start-up and the live feed since
    // then hold now (the windows the examples read, at least: 3 hours).
    local = await startLocalEmulator({ host: '127.0.0.1', port: 0, now: NOW, demoStartedAt: NOW - ageMs, liveFeed: false, historyHours: 3, spans: true });
    runtime = new GatewayRuntime(npmStartConfig(), { url: local.emulator.url, services: demoServiceConfigs() });
    yoga = createGatewayYoga({ runtime, now: () => NOW });
  }, 120_000);
  afterAll(async () => {
    await runtime?.close();
    await local?.close();
  });

  it.each([...examples].map(([text, where]) => [where, text.split('\n')[0]!.slice(0, 60), text] as const))('example %s (%s) answers with data', async (where, _first, text) => {
    const operation = parse(text).definitions[0] as OperationDefinitionNode;
    expect(operation.operation).toBe(OperationTypeNode.QUERY);
    const variables: Record<string, unknown> = {};
    if (operation.variableDefinitions?.some((variable) => variable.variable.name.value === 'id')) {
      // What the guide says to do: take an id from a trace list.
      const [list] = await run(yoga, traceListForId!);
      expect(list!['errors']).toBeUndefined();
      const id = list!['data'].service.traces.traces[0]?.id;
      expect(id, 'an id in the guide\'s trace list').toBeDefined();
      variables['id'] = id;
    }
    const payloads = await run(yoga, text, variables);
    const errors = payloads.flatMap((payload) => [...(payload['errors'] ?? []), ...(payload['incremental'] ?? []).flatMap((part: any) => part.errors ?? [])]);
    expect(errors).toEqual([]);
    const data = payloads.map((payload) => [payload['data'], payload['incremental']]);
    // Lists of things that always exist (services, their metrics, a trace's roots) are never empty;
    // of the lists of what happened (lines, traces, points, spans, rows) at least one per kind holds
    // something: on a whole dashboard some services are quiet, but the example shows data.
    for (const key of ['services', 'metrics', 'rootSpans']) {
      for (const list of listsNamed(data, key)) expect(list.length, `${key} in example ${where}`).toBeGreaterThan(0);
    }
    for (const key of ['events', 'traces', 'points', 'spans', 'nodes', 'edges', 'rows']) {
      const lists = listsNamed(data, key);
      if (lists.length > 0) expect(Math.max(...lists.map((list) => list.length)), `${key} in example ${where}`).toBeGreaterThan(0);
    }
    expect(['events', 'traces', 'points', 'services', 'rootSpans', 'nodes', 'edges', 'rows'].some((key) => listsNamed(data, key).length > 0)).toBe(true);
  });

  it(`the live tail example streams an ERROR/WARN line from the feed within ${TAIL_TICKS} ticks`, { timeout: 120_000 }, async () => {
    // Only Date is faked: the emulator's clock and the tail's windows read it, and each tick moves
    // it one second on and lets the live feed append that second. Timers, sockets and the SDK run
    // for real, so the tail polls as it does under `npm start`, just more often.
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const subscribedAt = Date.now();
    let live: LocalEmulator | undefined;
    let liveRuntime: GatewayRuntime | undefined;
    const controller = new AbortController();
    try {
      live = await startLocalEmulator({ host: '127.0.0.1', port: 0, now: subscribedAt, demoStartedAt: subscribedAt - ageMs, historyHours: 0.25 });
      // Polls every 50 ms instead of 2 s, with room for them in the FilterLogEvents rate (the
      // frozen clock never lets a second pass between ticks).
      liveRuntime = new GatewayRuntime(npmStartConfig('[logs]\ntail_interval = "50ms"\ntail_calls_per_second = 25\n'), { url: live.emulator.url, services: demoServiceConfigs() });
      const response = await createGatewayYoga({ runtime: liveRuntime }).fetch('http://tinkr.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: tailBody!,
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      const received: Array<Record<string, any>> = [];
      let text = '';
      const reading = (async () => {
        const decoder = new TextDecoder();
        for await (const chunk of response.body!) {
          text += decoder.decode(chunk, { stream: true });
          for (const match of text.matchAll(/^data: (\{.*\})$/gm)) received.push(JSON.parse(match[1]!));
          text = text.slice(text.lastIndexOf('\n') + 1);
        }
      })().catch(() => {});

      const counters = live.emulator.counters;
      /** Waits (in real time) until the tail has finished two more polls: one that began after the tick, then its delivery. */
      const polled = async (): Promise<void> => {
        const target = counters.calls('FilterLogEvents') + 3;
        const deadline = performance.now() + 20_000;
        while (counters.calls('FilterLogEvents') < target && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      };
      let ticks = 0;
      await polled();
      while (received.length === 0 && ticks < TAIL_TICKS) {
        ticks++;
        vi.setSystemTime(subscribedAt + ticks * 1000);
        live.feed!.tick();
        await polled();
      }
      expect(received.length, `no tail event within ${TAIL_TICKS} feed ticks of a demo ${ageMs / MINUTE} min old`).toBeGreaterThan(0);
      expect(received[0]!['errors']).toBeUndefined();
      const event = received[0]!['data'].tail;
      expect(['ERROR', 'WARN']).toContain(event.level);
      expect(event.message).toMatch(/ (ERROR|WARN) \[/);
      // A line of the live feed: from the tail's look-back (10 s) up to the last tick.
      const at = Date.parse(event.timestamp);
      expect(at).toBeGreaterThanOrEqual(subscribedAt - 10_000);
      expect(at).toBeLessThanOrEqual(subscribedAt + ticks * 1000);
      controller.abort();
      await reading;
    } finally {
      controller.abort();
      vi.useRealTimers();
      await liveRuntime?.close();
      await live?.close();
    }
  });
});
