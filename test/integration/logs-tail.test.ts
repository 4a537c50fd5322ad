// Subscription.tail over SSE against the emulator's live demo feed: new lines arrive within a few
// seconds, each once, and the polling stops when the client goes away.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';
import { configFromToml } from '../support/test-gateway.ts';

let emulator: LocalEmulator;
let runtime: GatewayRuntime;
let yoga: GatewayYoga;

beforeAll(async () => {
  emulator = await startLocalEmulator({ feedIntervalMs: 250 });
  const config = configFromToml('[logs]\ntail_interval = "500ms"\n\n[profiles.demo]\nbackend = "local"\n');
  runtime = new GatewayRuntime(config, { url: emulator.emulator.url, services: demoServiceConfigs() });
  yoga = createGatewayYoga({ runtime });
});
afterAll(async () => {
  await runtime?.close();
  await emulator?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface SseEvent {
  event: string;
  data: any;
}

/** Reads SSE messages from a response body until `enough` says stop (or the deadline passes). */
async function readEvents(body: ReadableStream<Uint8Array>, enough: (events: SseEvent[]) => boolean, deadlineMs: number) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  const deadline = Date.now() + deadlineMs;
  while (!enough(events) && Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), sleep(Math.max(1, deadline - Date.now())).then(() => undefined)]);
    if (!chunk || chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(message)?.[1] ?? 'message';
      const data = message
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data) events.push({ event, data: JSON.parse(data) });
    }
  }
  return { events, reader };
}

it('streams new demo lines over SSE and stops polling when the client leaves', { timeout: 30_000 }, async () => {
  const counters = emulator.emulator.counters;
  const subscribedAt = emulator.clock();
  const controller = new AbortController();
  const response = await yoga.fetch('http://tinkr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: 'subscription { tail(service: "checkout-web") { timestamp message logStream logGroup level ptr } }' }),
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');

  // Enough: a line written more than a second after subscribing, which only a later poll can bring.
  const fresh = (seen: SseEvent[]) => seen.some((e) => e.event === 'next' && Date.parse(e.data.data.tail.timestamp) > subscribedAt + 1_000);
  const { events, reader } = await readEvents(response.body!, fresh, 15_000);
  expect(fresh(events)).toBe(true);
  const lines = events.filter((event) => event.event === 'next').map((event) => event.data.data.tail);
  expect(events.filter((event) => event.data?.errors)).toEqual([]);
  expect(lines.length).toBeGreaterThanOrEqual(1);
  for (const line of lines) {
    expect(line.logGroup).toBe('/ecs/checkout-web');
    expect(line.logStream).toMatch(/checkout-web/);
    // New lines (the first poll reaches back 10 s for late arrivals).
    expect(Date.parse(line.timestamp)).toBeGreaterThanOrEqual(subscribedAt - 10_000);
  }
  // Polls overlap by 10 s; still every line once.
  expect(new Set(lines.map((line) => `${line.logStream} ${line.ptr}`)).size).toBe(lines.length);
  const times = lines.map((line) => Date.parse(line.timestamp));
  expect(times).toEqual([...times].sort((a, b) => a - b));

  // The client leaves: the polling stops.
  controller.abort();
  await reader.cancel().catch(() => {});
  await sleep(300);
  const callsAfterLeaving = counters.calls('FilterLogEvents');
  expect(callsAfterLeaving).toBeGreaterThan(0);
  await sleep(2_000); // four tail intervals
  expect(counters.calls('FilterLogEvents')).toBe(callsAfterLeaving);

  // The ended tail's calls are in the gateway's own metrics (this emulator served only this tail).
  const metrics = await (await yoga.fetch('http://tinkr.test/metrics')).text();
  expect(metrics).toContain(`tinkr_aws_calls_total{action="logs:FilterLogEvents"} ${callsAfterLeaving}`);
});

it('rejects a bad filter before polling', async () => {
  const before = emulator.emulator.counters.calls('FilterLogEvents');
  const response = await yoga.fetch('http://tinkr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: 'subscription { tail(service: "checkout-web", filter: { matches: "(?<=a)b" }) { message } }' }),
  });
  const { events } = await readEvents(response.body!, (seen) => seen.length >= 1, 5_000);
  expect(events[0]!.data.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(emulator.emulator.counters.calls('FilterLogEvents')).toBe(before);
});
