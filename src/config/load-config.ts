// Reads the TOML file, overlays environment and flags (flags > env > TOML > defaults), validates the
// whole thing at once and returns one typed Config, or a ConfigError listing every problem.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { didYouMean } from './closest-names.ts';
import { fileConfigSchema, type FileConfig, type ProfileConfig } from './config-schema.ts';

export interface ConfigFlags {
  config?: string;
  profile?: string;
  port?: string;
  host?: string;
}

export interface LoadConfigOptions {
  flags?: ConfigFlags;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export interface NamedProfileConfig extends ProfileConfig {
  name: string;
}

export interface Config extends Omit<FileConfig, 'profiles'> {
  /** The TOML file read, if any. */
  file: string | undefined;
  profiles: NamedProfileConfig[];
  /** The profile used when a query names none. */
  defaultProfile: string;
}

/** Every problem of a config, each one line naming where it is and what is allowed. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export const DEFAULT_CONFIG_FILE = 'tinkr.toml';
/** The profile made up when nothing names one: the embedded demo, or AWS from the environment. */
export const DEMO_PROFILE = 'demo';
/** The demo's traces read from OpenTelemetry spans in `aws/spans` (Transaction Search) instead of X-Ray. */
export const DEMO_OTEL_PROFILE = 'demo-otel';
export const ENV_PROFILE = 'default';

type Raw = Record<string, unknown>;

function isTable(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function readToml(file: string, problems: string[]): Raw | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(`${file}: cannot read the file: ${(error as Error).message}`);
    return undefined;
  }
  try {
    return parseToml(text) as Raw;
  } catch (error) {
    if (error instanceof TomlError) {
      const firstLine = error.message.split('\n')[0] ?? error.message;
      problems.push(`${file}:${error.line}:${error.column}: TOML syntax error: ${firstLine}`);
    } else {
      problems.push(`${file}: TOML syntax error: ${(error as Error).message}`);
    }
    return undefined;
  }
}

function chooseProfile(profiles: Raw, wanted: { value: string; source: string } | undefined, problems: string[]): string | undefined {
  const names = Object.keys(profiles);
  const list = names.length ? names.join(', ') : '(none)';
  if (wanted) {
    if (!Object.hasOwn(profiles, wanted.value)) problems.push(`${wanted.source}: no profile "${wanted.value}"; profiles: ${list}`);
    return wanted.value;
  }
  const active = names.filter((name) => isTable(profiles[name]) && profiles[name].active === true);
  if (active.length > 1) {
    problems.push(`profiles: ${active.map((n) => `profiles.${n}.active`).join(' and ')} are both true; mark one profile active`);
    return active[0];
  }
  if (active.length === 1) return active[0];
  if (names.length === 1) return names[0];
  if (names.includes('default')) return 'default';
  problems.push(`profiles: ${names.length} profiles and none chosen; set active = true on one, or --profile / TINKR_PROFILE (profiles: ${list})`);
  return names[0];
}

function describeIssue(issue: z.core.$ZodIssue, file: string | undefined, origins: Map<string, string>): string {
  const path = issue.path.map(String).join('.');
  // A value from a flag or the environment is named by its source, also for its nested keys.
  const origin = issue.path
    .map((_, i) => origins.get(issue.path.slice(0, issue.path.length - i).map(String).join('.')))
    .find((found) => found !== undefined);
  const where = origin ?? (file ? `${file}: ${path || '(top level)'}` : path || '(top level)');
  if (issue.code === 'invalid_type' && issue.expected === 'object') {
    return `${where}: expected a table ([${path}])`;
  }
  if (issue.code === 'unrecognized_keys') {
    const allowed = keysAt(fileConfigSchema, issue.path.map(String));
    return issue.keys
      .map((key) => {
        const hint = allowed.length ? `;${didYouMean(key, allowed) || ''} keys here: ${allowed.join(', ')}` : '';
        return `${file ?? 'config'}: ${path ? `${path}.` : ''}${key}: unknown key${hint}`;
      })
      .join('\n');
  }
  return `${where}: ${issue.message}`;
}

/** The keys a table at `path` may hold (through defaults, optionals, records and refinements). */
function keysAt(schema: z.ZodType, path: readonly string[]): string[] {
  let current: unknown = schema;
  const unwrap = (node: unknown): unknown => {
    let inner = node as { _zod?: { def?: Record<string, unknown> } };
    for (let i = 0; i < 10 && inner?._zod?.def; i++) {
      const def = inner._zod.def;
      if (def['innerType']) inner = def['innerType'] as typeof inner;
      else if (def['type'] === 'pipe' && def['in']) inner = def['in'] as typeof inner;
      else break;
    }
    return inner;
  };
  for (const segment of ['', ...path]) {
    current = unwrap(current);
    if (segment === '') continue;
    const def = (current as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
    if (!def) return [];
    if (def['type'] === 'object') current = (def['shape'] as Record<string, unknown>)[segment];
    else if (def['type'] === 'record') current = def['valueType'];
    else if (def['type'] === 'array') current = def['element'];
    else return [];
  }
  const def = (unwrap(current) as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
  return def?.['type'] === 'object' ? Object.keys(def['shape'] as Record<string, unknown>) : [];
}

function valueAt(raw: Raw, path: readonly string[]): unknown {
  let current: unknown = raw;
  for (const key of path) current = isTable(current) ? current[key] : undefined;
  return current;
}

/**
 * Problems of values a flag or the environment replaced: the file is still wrong, and would be the
 * moment the override goes, so its type errors are reported too.
 */
function overriddenFileProblems(raw: Raw, file: string | undefined, origins: Map<string, string>): string[] {
  if (!file) return [];
  const parsed = fileConfigSchema.safeParse(raw);
  if (parsed.success) return [];
  return parsed.error.issues
    // Only values the file holds and gets wrong: not keys it leaves to the override (custom checks such as "region required").
    .filter((issue) => issue.code !== 'unrecognized_keys' && issue.code !== 'custom' && valueAt(raw, issue.path.map(String)) !== undefined && origins.has(issue.path.map(String).join('.')))
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return `${file}: ${path}: ${issue.message} (overridden by ${origins.get(path)}, but wrong in the file)`;
    });
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const flags = options.flags ?? {};
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const problems: string[] = [];
  /** Key paths whose value came from a flag or the environment, to name them in errors. */
  const origins = new Map<string, string>();

  const explicitFile = flags.config ?? env.TINKR_CONFIG;
  const file = resolve(cwd, explicitFile ?? DEFAULT_CONFIG_FILE);
  let raw: Raw = {};
  let usedFile: string | undefined;
  if (explicitFile !== undefined && !existsSync(file)) {
    problems.push(`${flags.config !== undefined ? '--config' : 'TINKR_CONFIG'}: no such file: ${file}`);
  } else if (existsSync(file)) {
    usedFile = file;
    raw = readToml(file, problems) ?? {};
  }
  if (problems.length) throw new ConfigError(problems);

  if (raw.profiles !== undefined && !isTable(raw.profiles)) {
    throw new ConfigError([`${usedFile}: profiles: expected a table of profiles ([profiles.<name>])`]);
  }
  const profiles: Raw = isTable(raw.profiles) ? { ...raw.profiles } : {};
  const envBackend = env.TINKR_BACKEND || undefined;
  if (Object.keys(profiles).length === 0) {
    // No profile anywhere: AWS from the environment, or the embedded demo.
    const name = envBackend === 'cloudwatch' ? ENV_PROFILE : DEMO_PROFILE;
    profiles[name] = { backend: envBackend ?? 'local' };
    if (name === DEMO_PROFILE) {
      profiles[name] = { backend: envBackend ?? 'local', active: true };
      if ((envBackend ?? 'local') === 'local') profiles[DEMO_OTEL_PROFILE] = { backend: 'local', traces_source: 'spans' };
    }
    if (envBackend === 'cloudwatch') origins.set(`profiles.${name}.region`, 'AWS_REGION (TINKR_BACKEND=cloudwatch and no profile in a config file)');
  }

  const wanted = flags.profile
    ? { value: flags.profile, source: '--profile' }
    : env.TINKR_PROFILE
      ? { value: env.TINKR_PROFILE, source: 'TINKR_PROFILE' }
      : undefined;
  const chosen = chooseProfile(profiles, wanted, problems);
  if (problems.length) throw new ConfigError(problems);

  if (chosen && Object.hasOwn(profiles, chosen) && isTable(profiles[chosen])) {
    const profile: Raw = { ...profiles[chosen] };
    const overlay = (key: string, envName: string) => {
      const value = env[envName];
      if (value) {
        profile[key] = value;
        origins.set(`profiles.${chosen}.${key}`, `${envName}=${JSON.stringify(value)} (profile "${chosen}")`);
      }
    };
    overlay('backend', 'TINKR_BACKEND');
    overlay('region', 'AWS_REGION');
    overlay('log_group_prefix', 'CLOUDWATCH_LOG_GROUP_PREFIX');
    // A region is needed even when only the SDK's AWS_DEFAULT_REGION is set.
    if (profile.region === undefined && env.AWS_DEFAULT_REGION) {
      profile.region = env.AWS_DEFAULT_REGION;
      origins.set(`profiles.${chosen}.region`, `AWS_DEFAULT_REGION=${JSON.stringify(env.AWS_DEFAULT_REGION)}`);
    }
    profiles[chosen] = profile;
  }

  const server: Raw = isTable(raw.server) ? { ...raw.server } : raw.server === undefined ? {} : (raw.server as Raw);
  const port = flags.port ?? env.PORT;
  if (port !== undefined && isTable(server)) {
    const source = flags.port !== undefined ? '--port' : 'PORT';
    if (!/^\d{1,5}$/.test(port)) problems.push(`${source}: expected a port number 0..65535; got "${port}"`);
    else server.port = Number(port);
    origins.set('server.port', source);
  }
  if (env.TINKR_TOKEN_SHA256 && isTable(server)) {
    server.token_sha256 = env.TINKR_TOKEN_SHA256.split(',').map((hash) => hash.trim()).filter(Boolean);
    origins.set('server.token_sha256', 'TINKR_TOKEN_SHA256');
  }
  if (env.REDIS_URL && isTable(server)) {
    server.redis_url = env.REDIS_URL;
    origins.set('server.redis_url', 'REDIS_URL');
  }
  if (flags.host !== undefined && isTable(server)) {
    server.host = flags.host;
    origins.set('server.host', '--host');
  }

  const parsed = fileConfigSchema.safeParse({ ...raw, server, profiles });
  if (!parsed.success) {
    problems.push(...parsed.error.issues.flatMap((issue) => describeIssue(issue, usedFile, origins).split('\n')));
  }
  problems.push(...overriddenFileProblems(raw, usedFile, origins));
  if (problems.length || !parsed.success) throw new ConfigError(problems);

  const { profiles: validProfiles, ...rest } = parsed.data;
  // Manifest paths are relative to the config file that names them.
  const manifests = rest.server.trusted_documents.manifests.map((path) => resolve(usedFile ? dirname(usedFile) : cwd, path));
  manifests.forEach((path, index) => {
    if (!existsSync(path)) problems.push(`${usedFile ?? 'config'}: server.trusted_documents.manifests.${index}: no such file: ${path}`);
  });
  if (problems.length) throw new ConfigError(problems);
  rest.server.trusted_documents.manifests = manifests;
  return {
    ...rest,
    file: usedFile,
    profiles: Object.entries(validProfiles).map(([name, profile]) => ({ ...profile, name })),
    defaultProfile: chosen!,
  };
}
