// Fault/abuse suite: a catastrophic-backtracking regex sent by a client, against a gateway process
// with the local backend (the emulator runs inside it, so its Logs Insights engine is in the
// process too). The process must stay responsive: /health answers while the hostile tail polls and
// the hostile Logs Insights query runs, and both end with real answers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGatewayProcess, type CliProcess } from '../support/cli-process.ts';

const HOSTILE = '(.+)+\u0000';
let gateway: { cli: CliProcess; graphqlUrl: string; origin: string };

beforeAll(async () => {
  gateway = await startGatewayProcess('[logs]\ntail_interval = "300ms"\n\n[profiles.demo]\nbackend = "local"\n');
}, 120_000);
afterAll(() => gateway?.cli.kill());

/** /health answers within 3 s (a frozen event loop never answers). */
async function healthy(): Promise<number> {
  const response = await fetch(`${gateway.origin}/health`, { signal: AbortSignal.timeout(3_000) });
  return response.status;
}

it('a tail and a Logs Insights query with (.+)+\\x00 leave the process responsive', { timeout: 40_000 }, async () => {
  const tail = new AbortController();
  const stream = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: 'subscription($m: String!) { tail(service: "payments-api", filter: { matches: $m }) { message } }', variables: { m: HOSTILE } }),
    signal: tail.signal,
  });
  expect(stream.status).toBe(200);
  const logs = fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'query($m: String!) { service(name: "payments-api") { logs(range: { last: "1h" }, filter: { matches: $m }, limit: 50) { events { message } statistics { recordsScanned } } } }',
      variables: { m: HOSTILE },
    }),
    signal: AbortSignal.timeout(20_000),
  });
  // Several tail polls of live demo lines go by.
  for (let i = 0; i < 5; i++) {
    expect(await healthy()).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  const answer = (await (await logs).json()) as { data: any; errors?: unknown };
  expect(answer.errors).toBeUndefined();
  expect(answer.data.service.logs.events).toEqual([]);
  expect(answer.data.service.logs.statistics.recordsScanned).toBeGreaterThan(100);
  tail.abort();
  expect(await healthy()).toBe(200);
});
