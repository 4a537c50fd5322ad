// Fault/abuse suite: SIGTERM while a slow Logs Insights query, a live tail and an idle keep-alive
// connection are open. The gateway and the emulator run as separate processes (the emulator's
// counters outlive the gateway), faults set through the emulator's control endpoint.
import { request as httpRequest, Agent } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, startGatewayProcess, type CliProcess } from '../support/cli-process.ts';

/** The emulator's control endpoint takes changes as JSON only. */
const JSON_TYPE = { 'content-type': 'application/json' };
let emulator: CliProcess;
let control: string;
let emulatorUrl: string;

beforeAll(async () => {
  emulator = runCli(['emulator', '--port', '0']);
  const line = await emulator.logLine('AWS emulator listening');
  control = line.control;
  emulatorUrl = line.url;
}, 120_000);
afterAll(() => emulator?.kill());

async function emulatorState(): Promise<{ counters: Record<string, { calls: number }> }> {
  return (await (await fetch(control)).json()) as { counters: Record<string, { calls: number }> };
}

const calls = (state: { counters: Record<string, { calls: number }> }, op: string) => state.counters[op]?.calls ?? 0;

it('SIGTERM: the tail ends with SHUTTING_DOWN, the slow query answers and is stopped in AWS, keep-alive does not hold the exit', { timeout: 120_000 }, async () => {
  const { cli, graphqlUrl, origin } = await startGatewayProcess(
    `[server]\nshutdown_grace = "1s"\n\n[logs]\nquery_timeout = "60s"\ntail_interval = "300ms"\n\n[profiles.acme]\nbackend = "cloudwatch"\nregion = "us-east-1"\nlog_group_prefix = "/ecs/"\n\n[profiles.acme.services.payments-api]\nresource_type = "ecs"\n`,
    { AWS_ENDPOINT_URL: emulatorUrl, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' },
  );
  try {
    expect((await fetch(control, { method: 'PUT', headers: JSON_TYPE, body: JSON.stringify({ queryRunMs: 60_000 }) })).status).toBe(200);
    const before = await emulatorState();

    // An idle keep-alive connection.
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) =>
      httpRequest(`${origin}/health`, { agent }, (response) => {
        response.resume();
        response.on('end', () => resolve());
      })
        .on('error', reject)
        .end(),
    );

    // A live tail.
    const tail = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { tail(service: "payments-api") { message } }' }),
    });
    const tailText = tail.text();

    // A query that would run for a minute.
    const slow = fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ service(name: "payments-api") { logs(range: { last: "15m" }, limit: 5) { events { message } status } } }' }),
    });
    for (let i = 0; i < 200 && calls(await emulatorState(), 'StartQuery') <= calls(before, 'StartQuery'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls(await emulatorState(), 'StartQuery')).toBe(calls(before, 'StartQuery') + 1);

    cli.child.kill('SIGTERM');
    const [exitCode, slowResponse, tailBody] = await Promise.all([cli.exit, slow, tailText]);
    expect(exitCode).toBe(0);

    // The query's client got an answer (a coded error on its field), not a reset.
    expect(slowResponse.status).toBe(200);
    const slowBody = (await slowResponse.json()) as { errors?: Array<{ path: string[]; extensions: { code: string } }> };
    expect(slowBody.errors?.[0]?.path).toEqual(['service', 'logs']);

    // The tail's last payload says why it ended.
    expect(tailBody).toContain('"code":"SHUTTING_DOWN"');

    // Every query it started was stopped in AWS.
    const after = await emulatorState();
    expect(calls(after, 'StopQuery') - calls(before, 'StopQuery')).toBe(calls(after, 'StartQuery') - calls(before, 'StartQuery'));
    expect(cli.stdout()).toContain('"msg":"stopped"');
    agent.destroy();
  } finally {
    cli.kill();
    await fetch(control, { method: 'DELETE', headers: JSON_TYPE });
    await fetch(control, { method: 'PUT', headers: JSON_TYPE, body: JSON.stringify({ queryRunMs: 300 }) });
  }
});
