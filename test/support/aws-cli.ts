// The real AWS CLI against a local endpoint (the emulator), as operators and CI use it: proof that
// the emulator speaks each service's wire protocol the way the CLI sends it. Tests that use it call
// skipEachTestWithout(AWS_CLI) (required-tool.ts) so a machine without the CLI says why it skipped.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CLI_TIMEOUT_MS = 60_000;

/** Dummy static credentials only: the developer's own AWS profile or session must not leak in. */
function cliEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_CA_BUNDLE']) delete env[name];
  return env;
}

/** `aws --endpoint-url <url> --region us-east-1 --output json <args>`: its JSON answer ({} when it printed nothing). */
export async function runAwsCli(endpointUrl: string, args: readonly string[]): Promise<Record<string, any>> {
  const { stdout } = await run('aws', ['--endpoint-url', endpointUrl, '--region', 'us-east-1', '--output', 'json', ...args], {
    env: cliEnvironment(),
    timeout: CLI_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, any>);
}
