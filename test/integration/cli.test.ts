// The `tinkr-server` bin as a user runs it: start-up errors, a real listener, graceful shutdown.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RESOURCE_TYPES } from '../../src/config/resource-types.ts';
import { SEED_PROFILE_TOML } from '../support/test-gateway.ts';

const CLI = join(import.meta.dirname, '../../src/cli.ts');
const children: ChildProcess[] = [];

function run(args: string[], env: Record<string, string> = {}): { child: ChildProcess; stdout: () => string; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    cwd: mkdtempSync(join(tmpdir(), 'tinkr-cli-')),
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

function tomlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tinkr-cli-config-')), 'tinkr.toml');
  writeFileSync(file, text);
  return file;
}

async function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('tinkr-server', () => {
  it('--help lists the commands, every flag, every environment variable the config reads, and the defaults', async () => {
    const cli = run(['--help']);
    expect(await cli.exit).toBe(0);
    const help = cli.stdout();
    for (const command of ['serve', 'print-schema', 'emulator']) expect(help).toMatch(new RegExp(`^  ${command} `, 'm'));
    const cliSource = readFileSync(CLI, 'utf8');
    const flags = [...cliSource.matchAll(/^\s+'?([a-z-]+)'?: \{ type: '(?:string|boolean)'/gm)].map((m) => m[1]!);
    expect(flags.length).toBeGreaterThanOrEqual(7);
    for (const flag of flags) expect(help, `--${flag}`).toContain(`--${flag}`);
    const configSource = readFileSync(join(import.meta.dirname, '../../src/config/load-config.ts'), 'utf8');
    const envVars = new Set([...configSource.matchAll(/env\.([A-Z][A-Z0-9_]+)|overlay\('[a-z_]+', '([A-Z][A-Z0-9_]+)'\)/g)].map((m) => (m[1] ?? m[2])!));
    expect(envVars.size).toBeGreaterThanOrEqual(9);
    for (const name of envVars) expect(help, name).toContain(name);
    for (const fallback of ['default 4000', 'default 4566', 'default 127.0.0.1', './tinkr.toml']) expect(help).toContain(fallback);
    expect(cli.stderr()).toBe('');
  });

  it('exits 2 before listening on a bad config, naming the file and every key path', async () => {
    const file = tomlFile('[profiles.x]\nbackend = "aws"\nregion = "us-east-1"\n[profiles.x.services.db]\nresource_type = "ec2"\nsize = 3\n');
    const cli = run(['serve', '--config', file, '--port', '0']);
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toBe(
      [
        'tinkr-server: invalid configuration:',
        `  - ${file}: profiles.x.backend: Invalid option: expected one of "cloudwatch"|"local"`,
        `  - ${file}: profiles.x.services.db.resource_type: Invalid option: expected one of ${RESOURCE_TYPES.map((type) => `"${type}"`).join('|')}`,
        `  - ${file}: profiles.x.services.db.size: unknown key; keys here: resource_type, repo, log_groups, log_stream_pattern, dimensions, cluster, load_balancer, namespace, metrics, trace_service`,
        '',
      ].join('\n'),
    );
    expect(cli.stdout()).toBe('');
  });

  it('exits 2 on TOML syntax errors with line and column', async () => {
    const file = tomlFile('[profiles.x]\nbackend = \n');
    const cli = run(['serve', '--config', file]);
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toContain(`${file}:2:`);
    expect(cli.stderr()).toContain('TOML syntax error');
  });

  it('exits 2 for cloudwatch without a region', async () => {
    const cli = run(['serve'], { TINKR_BACKEND: 'cloudwatch' });
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toContain('AWS_REGION');
  });

  it('`npm run build` makes a complete package: dist/cli.js serves GraphQL and the web console', { timeout: 120_000 }, async () => {
    const root = join(import.meta.dirname, '../..');
    const build = spawn('npm', ['run', 'build', '--silent'], { cwd: root, env: process.env, stdio: 'inherit' });
    expect(await new Promise<number | null>((resolve) => build.on('exit', resolve))).toBe(0);
    const child = spawn(process.execPath, [join(root, 'dist/cli.js'), 'serve', '--port', '0', '--config', tomlFile(SEED_PROFILE_TOML)], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', AWS_REGION: 'us-east-1' },
      cwd: mkdtempSync(join(tmpdir(), 'tinkr-dist-')),
    });
    children.push(child);
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    await waitFor(() => out.includes('tinkr gateway listening'));
    const { url } = JSON.parse(out.split('\n').find((l) => l.includes('tinkr gateway listening'))!) as { url: string };
    const page = await fetch(new URL('/console/', url));
    expect({ status: page.status, type: page.headers.get('content-type') }).toEqual({ status: 200, type: 'text/html; charset=utf-8' });
    for (const asset of ['console.js', 'console.css']) expect((await fetch(new URL(`/console/${asset}`, url))).status, asset).toBe(200);
    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ profiles { name } }' }) });
    expect(await answer.json()).toMatchObject({ data: { profiles: [{ name: 'aws-prod' }] } });
    child.kill('SIGTERM');
  });

  it('serves the seed profile, logs JSON, and stops cleanly on SIGTERM', { timeout: 90_000 }, async () => {
    const file = tomlFile(SEED_PROFILE_TOML);
    const cli = run(['serve', '--port', '0'], { TINKR_CONFIG: file, AWS_REGION: 'us-east-1' });
    await waitFor(() => cli.stdout().includes('tinkr gateway listening'));
    const line = cli.stdout().split('\n').find((l) => l.includes('tinkr gateway listening'))!;
    const logged = JSON.parse(line) as { url: string; defaultProfile: string; level: number };
    expect(logged).toMatchObject({ defaultProfile: 'aws-prod', level: 30 });
    const response = await fetch(logged.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ profiles { name backend region services { name resourceType repo } } }' }),
    });
    expect(((await response.json()) as { data: unknown }).data).toEqual({
      profiles: [{ name: 'aws-prod', backend: 'CLOUDWATCH', region: 'us-east-1', services: [{ name: 'payments-api', resourceType: 'ECS', repo: 'acme/payments' }] }],
    });
    expect((await fetch(new URL('/health', logged.url))).status).toBe(200);
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
    expect(cli.stdout()).toContain('"msg":"stopped"');
  });

  it('exits 2 with one line when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const { port } = blocker.address() as AddressInfo;
    try {
      const cli = run(['serve', '--port', String(port), '--config', tomlFile(SEED_PROFILE_TOML)]);
      expect(await cli.exit).toBe(2);
      expect(cli.stderr()).toBe(`tinkr-server: cannot listen on 127.0.0.1:${port} (EADDRINUSE); choose another with --port, PORT or [server] port\n`);
    } finally {
      blocker.close();
    }
  });

  it('prints the schema', async () => {
    const cli = run(['print-schema']);
    expect(await cli.exit).toBe(0);
    expect(cli.stdout()).toContain('type Service {');
  });
});
