// The ECS task runs the gateway with a read-only root file system, so the gateway must write no file.
// Proof without a container runtime: run the gateway as the task definition configures it (its
// environment, the sample tinkr.toml, Redis) against the emulator under strace, exercise every data
// path and shut it down, then list each file-system write it attempted.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEmulator, type LocalEmulator } from '../../src/emulator/local-emulator.ts';
import { freeLoopbackPort } from '../support/free-port.ts';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { REDIS_SERVER, skipEachTestWithout, STRACE } from '../support/required-tool.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TOKEN = 'read-only-root-test-token';

/** Syscalls that change the file system (open/openat count when they ask for write access). */
const TRACED = ['open', 'openat', 'creat', 'mkdir', 'mkdirat', 'rename', 'renameat', 'renameat2', 'unlink', 'unlinkat', 'link', 'linkat', 'symlink', 'symlinkat', 'truncate', 'chmod', 'fchmodat', 'chown', 'fchownat', 'utimensat'];

/** The attempted writes in an strace log, outside /dev and /proc (separate mounts in a container). */
function writesIn(straceLog: string): string[] {
  return straceLog
    .split('\n')
    .filter((line) => /\b(open|openat)\(/.test(line) ? /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC/.test(line) : /\b[a-z0-9]+\(/.test(line))
    .filter((line) => !/"\/(dev|proc)\//.test(line))
    .map((line) => line.replace(/^\d+\s+/, ''));
}


/** Runs `args` under strace until it exits (or `whileRunning` is done and it is sent SIGTERM). */
async function traced(args: string[], env: NodeJS.ProcessEnv, whileRunning?: () => Promise<void>): Promise<{ writes: string[]; exitCode: number | null; output: string }> {
  const log = join(mkdtempSync(join(tmpdir(), 'tinkr-strace-')), 'strace.log');
  const child = spawn('strace', ['-f', '-qq', '-e', 'signal=none', '-e', `trace=${TRACED.join(',')}`, '-o', log, '--', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  try {
    if (whileRunning) await whileRunning();
  } finally {
    // SIGTERM to the traced process itself (strace's first child), as ECS sends it to the container.
    if (whileRunning) {
      const traced = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
      for (const pid of traced) process.kill(pid, 'SIGTERM');
    }
  }
  const exitCode = await exited;
  return { writes: writesIn(readFileSync(log, 'utf8')), exitCode, output };
}

const toolMissing = skipEachTestWithout(STRACE) ?? skipEachTestWithout(REDIS_SERVER);

describe('the gateway configured as the ECS task writes no file', () => {
  let local: LocalEmulator;
  let redis: TestRedis;

  beforeAll(async () => {
    if (toolMissing) return;
    local = await startLocalEmulator({ liveFeed: false });
    redis = await startTestRedis();
  }, 60_000);

  afterAll(async () => {
    await redis?.stop();
    await local?.close();
  });

  it('the check sees a write when there is one', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tinkr-write-')), 'written.txt');
    const { writes, exitCode } = await traced([process.execPath, '-e', `require('node:fs').writeFileSync(${JSON.stringify(file)}, 'x')`], { PATH: process.env['PATH'] });
    expect(exitCode).toBe(0);
    expect(writes.some((line) => line.includes(file) && /O_CREAT/.test(line))).toBe(true);
  }, 30_000);

  it('serves metrics, logs, traces, a live tail, /metrics and /health, shuts down, and writes nothing', async () => {
    const taskDefinition = JSON.parse(readFileSync(join(ROOT, 'deploy/ecs/task-definition.json'), 'utf8')) as { containerDefinitions: Array<{ environment: Array<{ name: string; value: string }> }> };
    const port = await freeLoopbackPort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      HOME: '/nonexistent',
      NODE_ENV: 'production',
      ...Object.fromEntries(taskDefinition.containerDefinitions[0]!.environment.map((e) => [e.name, e.value])),
      AWS_REGION: 'eu-west-1',
      TINKR_PROFILE: 'aws-prod',
      TINKR_CONFIG: join(ROOT, 'deploy/ecs/tinkr.toml'),
      PORT: String(port),
      TINKR_TOKEN_SHA256: createHash('sha256').update(TOKEN).digest('hex'),
      REDIS_URL: redis.url,
      AWS_ENDPOINT_URL: local.emulator.url,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    };
    const base = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${TOKEN}` };
    const seen: Record<string, unknown> = {};

    const { writes, exitCode, output } = await traced([process.execPath, 'src/cli.ts', 'serve', '--host', '0.0.0.0'], env, async () => {
      for (let attempt = 0; ; attempt++) {
        const ok = await fetch(`${base}/health`).then((r) => r.ok, () => false);
        if (ok) break;
        if (attempt > 300) throw new Error('the gateway did not answer /health');
        await new Promise((r) => setTimeout(r, 200));
      }
      const query = `{ service(name: "payments-api") { metrics(range: { last: "1h" }) { metricName points { value } }
        logs(range: { last: "1h" }, limit: 5) { events { message } }
        traces(range: { last: "3h" }, limit: 3) { traces { id spans { name } } } } }`;
      const answer = (await (await fetch(`${base}/graphql`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json()) as any;
      seen['errors'] = answer.errors;
      seen['metrics'] = answer.data?.service?.metrics?.length;
      seen['logs'] = answer.data?.service?.logs?.events?.length;
      seen['traces'] = answer.data?.service?.traces?.traces?.length;

      const tail = new AbortController();
      const stream = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: 'subscription { tail(service: "payments-api") { message } }' }),
        signal: tail.signal,
      });
      // New lines of payments-api while the tail polls, until one arrives (however loaded the machine).
      const appender = setInterval(() => {
        local.stores.logs.putLogEvents('/ecs/payments-api', 'ecs/payments-api/read-only-root', [{ timestamp: local.clock(), message: 'ERROR read-only-root tail line' }]);
      }, 500);
      const reader = stream.body!.getReader();
      let text = '';
      const deadline = Date.now() + 45_000;
      try {
        while (!text.includes('read-only-root tail line') && Date.now() < deadline) {
          const { value, done } = await reader.read();
          if (done) break;
          text += new TextDecoder().decode(value);
        }
      } finally {
        clearInterval(appender);
        tail.abort();
      }
      seen['tail'] = text.includes('read-only-root tail line');
      seen['prometheus'] = (await (await fetch(`${base}/metrics`, { headers: auth })).text()).includes('tinkr_aws_calls_total');
    });

    expect(seen, output).toEqual({ errors: undefined, metrics: 2, logs: 5, traces: 3, tail: true, prometheus: true });
    expect(output).toMatch(/"msg":"stopped"/);
    expect(exitCode).toBe(0);
    expect(writes).toEqual([]);
  }, 120_000);
});
