// Tests that need a program outside node_modules (the AWS CLI, redis-server, cfn-lint, strace, chromium). On a developer's
// machine without it they are skipped, with the reason in the closing summary; under CI=true a
// missing tool fails the run, so CI always runs them.
import { spawnSync } from 'node:child_process';
import { beforeEach } from 'vitest';

export interface RequiredTool {
  command: string;
  /** Arguments that make the program print its version and exit 0. */
  versionArgs: string[];
  /** How to install it, e.g. "apt-get install redis-server". */
  install: string;
  /**
   * False for a tool that no package source CI reaches provides (cfn-lint is on PyPI only): its
   * tests are skipped with the reason under CI=true too, instead of failing a fresh machine.
   */
  installableInCi?: boolean;
}

export function runsInCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['CI'] !== undefined && env['CI'] !== '' && env['CI'] !== 'false' && env['CI'] !== '0';
}

/** Why the tool cannot be used, or undefined when it runs. Throws under CI=true when it does not. */
export function missingTool(tool: RequiredTool, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const probe = spawnSync(tool.command, tool.versionArgs, { stdio: 'ignore', timeout: 60_000, env });
  if (!probe.error && probe.status === 0) return undefined;
  const reason = `${tool.command} is not installed or does not run (${probe.error?.message ?? `exit ${probe.status}`}); install it with: ${tool.install}`;
  if (runsInCi(env) && tool.installableInCi !== false) throw new Error(`${reason}. CI=true: tests that need it must run, not be skipped`);
  return reason;
}

/**
 * Skips every test of the calling file when the tool is missing (the reason shows in the summary)
 * and returns that reason, so the file's hooks can skip their setup too.
 */
export function skipEachTestWithout(tool: RequiredTool): string | undefined {
  const reason = missingTool(tool);
  if (reason) beforeEach((context) => context.skip(reason));
  return reason;
}

export const AWS_CLI: RequiredTool = { command: 'aws', versionArgs: ['--version'], install: 'apt-get install awscli' };
export const REDIS_SERVER: RequiredTool = { command: 'redis-server', versionArgs: ['--version'], install: 'apt-get install redis-server' };
export const CFN_LINT: RequiredTool = { command: 'cfn-lint', versionArgs: ['--version'], install: 'python3 -m pip install cfn-lint', installableInCi: false };
export const STRACE: RequiredTool = { command: 'strace', versionArgs: ['-V'], install: 'apt-get install strace' };
export const PROMTOOL: RequiredTool = { command: 'promtool', versionArgs: ['--version'], install: 'apt-get install prometheus (it holds promtool)' };
export const CHROMIUM: RequiredTool = { command: process.env['CHROMIUM_PATH'] ?? 'chromium', versionArgs: ['--version'], install: 'apt-get install chromium (or set CHROMIUM_PATH)' };
