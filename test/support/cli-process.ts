// The `tinkr-server` bin run as its own process, for tests where the gateway must be observed from
// outside: a frozen event loop, SIGTERM, the emulator's fault flags. Children are killed by pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '../../src/cli.ts');
const running = new Set<ChildProcess>();
// A test worker that ends early must not leave a gateway behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exit: Promise<number | null>;
  /** The first JSON log line whose `msg` is `message` (waits for it). */
  logLine(message: string, timeoutMs?: number): Promise<Record<string, any>>;
  kill(): void;
}

export function tomlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tinkr-cli-config-')), 'tinkr.toml');
  writeFileSync(file, text);
  return file;
}

export function runCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    cwd: mkdtempSync(join(tmpdir(), 'tinkr-cli-')),
  });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const find = (message: string): Record<string, any> | undefined => {
    for (const line of out.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const parsed = JSON.parse(line) as Record<string, any>;
        if (parsed.msg === message) return parsed;
      } catch {
        // a partial line: read again later
      }
    }
    return undefined;
  };
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit,
    async logLine(message, timeoutMs = 110_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = find(message);
        if (line) return line;
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no "${message}" log line; stdout: ${out.slice(-2000)} stderr: ${err.slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** A gateway process on an ephemeral loopback port; resolves with its /graphql URL. */
export async function startGatewayProcess(toml: string, env: Record<string, string> = {}): Promise<{ cli: CliProcess; graphqlUrl: string; origin: string }> {
  const cli = runCli(['serve', '--port', '0', '--config', tomlFile(toml)], env);
  const listening = await cli.logLine('tinkr gateway listening');
  const graphqlUrl = listening.url as string;
  return { cli, graphqlUrl, origin: new URL(graphqlUrl).origin };
}
