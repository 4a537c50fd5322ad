// Fault/abuse suite: many live tails. Identical tails share one poller, open tails are capped per
// process and per caller, and FilterLogEvents stays under one process-wide rate however many tails
// are open. Against the emulator's live demo feed, in process (counters read directly).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime.ts';
import { tailCounts } from '../../src/loaders/logs/log-tail-stream.ts';
import { demoServiceConfigs } from '../../src/server/start-gateway.ts';
import { createGatewayYoga, type GatewayYoga } from '../../src/server/yoga.ts';
import { configFromToml } from '../support/test-gateway.ts';

let emulator: LocalEmulator;
let runtime: GatewayRuntime;
let yoga: GatewayYoga;

beforeAll(async () => {
  emulator = await startLocalEmulator({ feedIntervalMs: 250 });
  const config = configFromToml('[logs]\ntail_interval = "200ms"\nmax_tails = 24\nmax_tails_per_caller = 22\ntail_calls_per_second = 4\n\n[profiles.demo]\nbackend = "local"\n');
  runtime = new GatewayRuntime(config, { url: emulator.emulator.url, services: demoServiceConfigs() });
  yoga = createGatewayYoga({ runtime });
}, 150_000);
afterAll(async () => {
  await runtime?.close();
  await emulator?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openTail(filter: string, controller: AbortController): Promise<Response> {
  return yoga.fetch('http://tinkr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: `subscription { tail(service: "checkout-web"${filter}) { message } }` }),
    signal: controller.signal,
  });
}

/** The first SSE payload of a stream that is refused at once. */
async function firstPayload(response: Response): Promise<any> {
  const text = await response.text();
  return JSON.parse(/^data: (.*)$/m.exec(text)![1]!);
}

it('20 identical tails share one poller; 22 tails on 3 pollers stay under tail_calls_per_second; the per-caller cap refuses the next with LIMIT_EXCEEDED', { timeout: 90_000 }, async () => {
  const { counters } = emulator.emulator;
  const controllers: AbortController[] = [];
  const responses: Response[] = [];
  try {
    for (let i = 0; i < 20; i++) {
      const controller = new AbortController();
      controllers.push(controller);
      responses.push(await openTail('', controller));
    }
    for (const response of responses) void response.body?.getReader().read().catch(() => {});
    await sleep(300);
    expect(tailCounts(runtime)).toEqual({ tails: 20, pollers: 1 });

    // Two more distinct ones: 22 open for this caller.
    for (let i = 0; i < 2; i++) {
      const controller = new AbortController();
      controllers.push(controller);
      responses.push(await openTail(`, filter: { contains: "x${i}" }`, controller));
    }
    await sleep(300);
    expect(tailCounts(runtime)).toEqual({ tails: 22, pollers: 3 });
    const refusedCaller = await firstPayload(await openTail(', filter: { contains: "one too many" }', new AbortController()));
    expect(refusedCaller.errors[0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'logs.max_tails_per_caller', max: 22 });
    expect(tailCounts(runtime).tails).toBe(22);

    // The rate: whatever the number of pollers, FilterLogEvents arrivals stay within 4 per second.
    counters.reset();
    await sleep(3_000);
    expect(counters.calls('FilterLogEvents')).toBeGreaterThan(0);
    expect(counters.maxRequestsInWindow(['FilterLogEvents'], 1000)).toBeLessThanOrEqual(4);
  } finally {
    for (const controller of controllers) controller.abort();
  }
  for (let i = 0; i < 50 && tailCounts(runtime).tails > 0; i++) await sleep(100);
  expect(tailCounts(runtime)).toEqual({ tails: 0, pollers: 0 });
});

it('a tail of an unknown name polls no log group: NOT_FOUND naming the closest service', { timeout: 30_000 }, async () => {
  const { counters } = emulator.emulator;
  const before = counters.calls('FilterLogEvents');
  const response = await yoga.fetch('http://tinkr.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: 'subscription { tail(service: "paymnets-api") { message } }' }),
    signal: AbortSignal.timeout(20_000),
  });
  const payload = await firstPayload(response);
  expect(payload.errors[0].extensions.code).toBe('NOT_FOUND');
  expect(payload.errors[0].message).toContain('payments-api');
  expect(counters.calls('FilterLogEvents')).toBe(before);
  expect(tailCounts(runtime)).toEqual({ tails: 0, pollers: 0 });
});
