import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.ts';
import { RESOURCE_TYPES } from '../../src/config/resource-types.ts';
import { configFromToml, SEED_PROFILE_TOML } from '../support/test-gateway.ts';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('loads the seed profile format exactly', () => {
    const config = configFromToml(SEED_PROFILE_TOML);
    expect(config.defaultProfile).toBe('aws-prod');
    expect(config.profiles).toEqual([
      {
        name: 'aws-prod',
        backend: 'cloudwatch',
        region: 'us-east-1',
        log_group_prefix: '/ecs/',
        log_group_source: 'list',
        active: false,
        traces_source: 'xray',
        services: { 'payments-api': { resource_type: 'ecs', repo: 'acme/payments' } },
      },
    ]);
    expect(config.server.port).toBe(4000);
    expect(config.logs.max_running_queries).toBe(20);
  });

  it('with no file and no TINKR_BACKEND serves the local demo profile', () => {
    const config = loadConfig({ env: {}, cwd: '/nonexistent-dir' });
    expect(config.file).toBeUndefined();
    expect(config.defaultProfile).toBe('demo');
    expect(config.profiles.map((p) => [p.name, p.backend, p.traces_source])).toEqual([
      ['demo', 'local', 'xray'],
      ['demo-otel', 'local', 'spans'],
    ]);
  });

  it('with TINKR_BACKEND=cloudwatch and no file builds a profile from the environment', () => {
    const config = loadConfig({ env: { TINKR_BACKEND: 'cloudwatch', AWS_REGION: 'eu-west-1', CLOUDWATCH_LOG_GROUP_PREFIX: '/ecs/' }, cwd: '/nonexistent-dir' });
    expect(config.profiles).toEqual([
      { name: 'default', backend: 'cloudwatch', region: 'eu-west-1', log_group_prefix: '/ecs/', log_group_source: 'list', active: false, traces_source: 'xray', services: {} },
    ]);
  });

  it('names AWS_REGION when cloudwatch has no region', () => {
    expect(problemsOf(() => loadConfig({ env: { TINKR_BACKEND: 'cloudwatch' }, cwd: '/nonexistent-dir' }))).toEqual([
      'AWS_REGION (TINKR_BACKEND=cloudwatch and no profile in a config file): required for backend "cloudwatch" (set it here or in AWS_REGION)',
    ]);
  });

  it('applies flags > env > TOML > defaults', () => {
    const toml = `${SEED_PROFILE_TOML}\n[server]\nport = 5000\n`;
    expect(configFromToml(toml).server.port).toBe(5000);
    expect(configFromToml(toml, { env: { PORT: '6000' } }).server.port).toBe(6000);
    expect(configFromToml(toml, { env: { PORT: '6000' }, flags: { port: '7000' } }).server.port).toBe(7000);
    const overlaid = configFromToml(toml, { env: { AWS_REGION: 'eu-central-1', CLOUDWATCH_LOG_GROUP_PREFIX: '/app/' } });
    expect(overlaid.profiles[0]).toMatchObject({ region: 'eu-central-1', log_group_prefix: '/app/' });
    expect(configFromToml(toml, { env: { TINKR_BACKEND: 'local' } }).profiles[0]!.backend).toBe('local');
  });

  it('chooses the profile: --profile, TINKR_PROFILE, active = true, the only one, default', () => {
    const toml = `[profiles.a]\nbackend = "local"\n[profiles.b]\nbackend = "local"\nactive = true\n[profiles.default]\nbackend = "local"\n`;
    expect(configFromToml(toml).defaultProfile).toBe('b');
    expect(configFromToml(toml, { env: { TINKR_PROFILE: 'a' } }).defaultProfile).toBe('a');
    expect(configFromToml(toml, { env: { TINKR_PROFILE: 'a' }, flags: { profile: 'default' } }).defaultProfile).toBe('default');
    expect(configFromToml(`[profiles.a]\nbackend = "local"\n[profiles.default]\nbackend = "local"\n`).defaultProfile).toBe('default');
    expect(configFromToml(`[profiles.only]\nbackend = "local"\n`).defaultProfile).toBe('only');
    expect(problemsOf(() => configFromToml(`[profiles.a]\nbackend = "local"\n[profiles.c]\nbackend = "local"\n`))).toEqual([
      'profiles: 2 profiles and none chosen; set active = true on one, or --profile / TINKR_PROFILE (profiles: a, c)',
    ]);
    expect(problemsOf(() => configFromToml(toml, { env: { TINKR_PROFILE: 'nope' } }))).toEqual([
      'TINKR_PROFILE: no profile "nope"; profiles: a, b, default',
    ]);
  });

  it('reports a TOML syntax error with file, line and column', () => {
    const problems = problemsOf(() => configFromToml('[profiles.x]\nbackend = "local\n'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/tinkr\.toml:2:\d+: TOML syntax error: /);
  });

  it('reports every problem at once, each naming the file and key path', () => {
    const toml = `[server]
port = "eighty"
colour = "blue"

[profiles.x]
backend = "aws"
region = "us-east-1"

[profiles.x.services]
bare = "not a table"

[profiles.x.services.db]
resource_type = "ec2"

[profiles.y]
backend = "cloudwatch"
active = true
`;
    const problems = problemsOf(() => configFromToml(toml));
    const file = problems[0]!.split(': ')[0];
    expect(file).toMatch(/tinkr\.toml$/);
    expect(problems.map((p) => p.slice(file!.length + 2))).toEqual([
      'server.port: Invalid input: expected number, received string',
      'server.colour: unknown key; keys here: port, host, auth, jwt, token_sha256, trusted_documents, tokens, foreign_spans, graphiql, console, introspection, max_body, max_ws_message, ws_init_timeout, cors_origins, allowed_hosts, shutdown_grace, request_timeout, log_level, redis_url',
      'profiles.x.backend: Invalid option: expected one of "cloudwatch"|"local"',
      'profiles.x.services.bare: expected a table ([profiles.x.services.bare])',
      `profiles.x.services.db.resource_type: Invalid option: expected one of ${RESOURCE_TYPES.map((type) => `"${type}"`).join('|')}`,
      'profiles.y.region: required for backend "cloudwatch" (set it here or in AWS_REGION)',
    ]);
  });

  it('shares the Logs Insights gate fairly by caller, one slot and call kept from any one request, unless told otherwise; wrong values are reported with the others', () => {
    expect([configFromToml(SEED_PROFILE_TOML).logs].map((logs) => [logs.fair_share, logs.fair_share_reserve])).toEqual([[true, 1]]);
    expect(configFromToml(`[logs]\nfair_share = false\nfair_share_reserve = 0\n${SEED_PROFILE_TOML}`).logs).toMatchObject({ fair_share: false, fair_share_reserve: 0 });
    const problems = problemsOf(() => configFromToml(`[logs]\nfair_share = "yes"\nmax_running_queries = 0\nfair_share_reserve = -1\n${SEED_PROFILE_TOML}`));
    const file = problems[0]!.split(': ')[0]!;
    expect(problems.map((p) => p.slice(file.length + 2))).toEqual([
      'logs.max_running_queries: Too small: expected number to be >=1',
      'logs.fair_share: Invalid input: expected boolean, received string',
      'logs.fair_share_reserve: Too small: expected number to be >=0',
    ]);
  });

  it('bounds WebSockets by default (1 MiB messages, 3 s to connection_init, 20 sockets per caller, 50 operations per socket, 100 waiting) and checks the keys', () => {
    const config = configFromToml(SEED_PROFILE_TOML);
    expect([config.server.max_ws_message, config.server.ws_init_timeout]).toEqual([1_048_576, 3_000]);
    expect(config.limits).toMatchObject({ max_ws_connections_per_caller: 20, max_operations_per_socket: 50, max_ws_pending_connections: 100 });
    const problems = problemsOf(() =>
      configFromToml(`[server]\nmax_ws_message = 104857601\nws_init_timeout = "soon"\n[limits]\nmax_ws_connections_per_calller = 5\nmax_operations_per_socket = 0\n${SEED_PROFILE_TOML}`),
    );
    const file = problems[0]!.split(': ')[0]!;
    expect(problems.map((p) => p.slice(file.length + 2))).toEqual([
      'server.max_ws_message: Too big: expected number to be <=104857600',
      expect.stringMatching(/^server\.ws_init_timeout: expected a duration: .*; got "soon"$/),
      'limits.max_operations_per_socket: Too small: expected number to be >=1',
      expect.stringMatching(/^limits\.max_ws_connections_per_calller: unknown key; did you mean "max_ws_connections_per_caller"\?/),
    ]);
  });

  it('suggests the key a typo meant, and reports a wrong file value that a flag or the environment overrides', () => {
    const toml = `[server]\nprot = 4000\nport = "4000"\n${SEED_PROFILE_TOML}`;
    const problems = problemsOf(() => configFromToml(toml, { flags: { port: '5000' } }));
    const file = problems[0]!.split(': ')[0]!;
    expect(problems.map((p) => p.slice(file.length + 2))).toEqual([
      'server.prot: unknown key; did you mean "port"? keys here: port, host, auth, jwt, token_sha256, trusted_documents, tokens, foreign_spans, graphiql, console, introspection, max_body, max_ws_message, ws_init_timeout, cors_origins, allowed_hosts, shutdown_grace, request_timeout, log_level, redis_url',
      'server.port: Invalid input: expected number, received string (overridden by --port, but wrong in the file)',
    ]);
    // The same file value under PORT, and a region the environment supplies to a file without one, are fine / named.
    expect(problemsOf(() => configFromToml('[server]\nport = "4000"\n', { env: { PORT: '5000' } }))).toEqual([
      expect.stringMatching(/: server\.port: Invalid input: expected number, received string \(overridden by PORT, but wrong in the file\)$/),
    ]);
    expect(() => configFromToml('[profiles.p]\nbackend = "cloudwatch"\n', { env: { AWS_REGION: 'eu-west-1' } })).not.toThrow();
  });

  it('rejects a bad PORT and a missing --config file by name', () => {
    expect(problemsOf(() => configFromToml(SEED_PROFILE_TOML, { env: { PORT: 'abc' } }))).toEqual(['PORT: expected a port number 0..65535; got "abc"']);
    expect(problemsOf(() => loadConfig({ flags: { config: '/nonexistent/tinkr.toml' }, env: {} }))).toEqual([
      '--config: no such file: /nonexistent/tinkr.toml',
    ]);
  });

  it('names the environment variable when an overlaid value is bad', () => {
    expect(problemsOf(() => configFromToml(SEED_PROFILE_TOML, { env: { TINKR_BACKEND: 'gcp' } }))).toEqual([
      'TINKR_BACKEND="gcp" (profile "aws-prod"): Invalid option: expected one of "cloudwatch"|"local"',
    ]);
  });

  it('rejects two active profiles and bad durations', () => {
    expect(problemsOf(() => configFromToml(`[profiles.a]\nbackend = "local"\nactive = true\n[profiles.b]\nbackend = "local"\nactive = true\n`))).toEqual([
      'profiles: profiles.a.active and profiles.b.active are both true; mark one profile active',
    ]);
    const problems = problemsOf(() => configFromToml(`[logs]\nquery_timeout = "soon"\n[profiles.a]\nbackend = "local"\n`));
    expect(problems[0]).toMatch(/logs\.query_timeout: expected a duration: .*; got "soon"$/);
  });
});

describe('tinkr.example.toml', () => {
  it('loads as documented', () => {
    const config = loadConfig({ flags: { config: 'tinkr.example.toml' }, env: {} });
    expect(config.defaultProfile).toBe('demo');
    expect(config.profiles.map((p) => [p.name, p.backend, p.traces_source, Object.keys(p.services).length])).toEqual([
      ['demo', 'local', 'xray', 0],
      ['demo-otel', 'local', 'spans', 0],
      ['aws-prod', 'cloudwatch', 'auto', 5],
    ]);
    expect(config.logs.query_timeout).toBe(30_000);
    expect(config.server.foreign_spans).toBe('redacted');
    expect(config.limits.max_window).toBe(15 * 86_400_000);
  });
});
