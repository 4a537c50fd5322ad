// The validated shape of a Tinkr config: one zod model per concern, composed at the end.
// Keys are snake_case as they appear in TOML; unknown keys are errors (a typo must not be ignored).
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { DURATION_SYNTAX, parseDuration } from './duration.ts';
import { RESOURCE_DIMENSION_KEYS, RESOURCE_TYPE_REGISTRY, RESOURCE_TYPES, type ResourceDimensionKey } from './resource-types.ts';
import { DEFAULT_TRACES_SOURCE, TRACES_SOURCES } from './trace-sources.ts';

export const BACKENDS = ['cloudwatch', 'local'] as const;
/**
 * How the spans of services outside a caller's scope show in a trace the caller may read:
 * "redacted" keeps what a call graph needs (service, name, kind, ids, timing, flags), "full" all.
 */
export const FOREIGN_SPANS = ['redacted', 'full'] as const;
export type ForeignSpans = (typeof FOREIGN_SPANS)[number];

/** A duration written as text ("30s", "5m"), parsed to milliseconds. */
const duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration: ${DURATION_SYNTAX}; got "${text}"` });
    return z.NEVER;
  }
  return ms;
});

const dimensionMap = z.record(z.string().min(1), z.string().min(1));

/** The resource types' own keys that give one dimension value (`cluster` = ECS ClusterName, ...). */
const dimensionKeyFields = Object.fromEntries(
  RESOURCE_DIMENSION_KEYS.map(({ key, dimension, type }) => [
    key,
    z.string().min(1).optional().describe(`${RESOURCE_TYPE_REGISTRY[type].namespace} ${dimension}; discovered with ListMetrics when absent`),
  ]),
) as Record<ResourceDimensionKey, z.ZodOptional<z.ZodString>>;

export const serviceConfigSchema = z.strictObject({
  resource_type: z.enum(RESOURCE_TYPES).default('custom'),
  repo: z.string().min(1).optional(),
  /** Explicit log groups; otherwise the profile's prefix is searched with a log-stream filter. */
  log_groups: z.array(z.string().min(1)).min(1).optional(),
  /** Regular expression matched against @logStream (default: the service name as a whole segment of the stream name, `(^|/)<name>(/|$)`). */
  log_stream_pattern: z.string().min(1).optional(),
  /** Metric dimensions that override or add to the resource type's defaults. */
  dimensions: dimensionMap.optional(),
  /** `cluster` (ECS ClusterName), `load_balancer` (ALB LoadBalancer, app/<name>/<id>): see resource-types.ts. */
  ...dimensionKeyFields,
  /** CloudWatch namespace of a custom service's metrics. */
  namespace: z.string().min(1).optional(),
  /** The standard metrics of a custom service (Service.metrics without names). */
  metrics: z.array(z.string().min(1)).optional(),
  /** The X-Ray service name when it differs from the service name. */
  trace_service: z.string().min(1).optional(),
});
export type ServiceConfig = z.output<typeof serviceConfigSchema>;

export const profileConfigSchema = z
  .strictObject({
    backend: z.enum(BACKENDS).default('cloudwatch'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as "us-east-1"').optional(),
    log_group_prefix: z.string().min(1).optional(),
    /**
     * How queries over the prefix name their log groups: "list" (DescribeLogGroups, then <= 50 names
     * a query) or "source" (the query's own `SOURCE logGroups(namePrefix: [...])`, up to 10,000 groups
     * in one query, no DescribeLogGroups before it; API only, fails above 10,000 groups).
     */
    log_group_source: z.enum(['list', 'source']).default('list'),
    active: z.boolean().default(false),
    /** Where the profile's traces come from: a source of config/trace-sources.ts, or "auto" (whichever the region has). */
    traces_source: z.enum(TRACES_SOURCES).default(DEFAULT_TRACES_SOURCE),
    /** Role assumed for cross-account reads (needs sts:AssumeRole on it). */
    role_arn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'expected an IAM role ARN').optional(),
    description: z.string().optional(),
    services: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'service names use letters, digits, ".", "_" and "-"'), serviceConfigSchema).default({}),
  })
  .superRefine((profile, ctx) => {
    if (profile.backend === 'cloudwatch' && !profile.region) {
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: 'required for backend "cloudwatch" (set it here or in AWS_REGION)',
      });
    }
  });
export type ProfileConfig = z.output<typeof profileConfigSchema>;

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/**
 * True for `localhost` and loopback addresses (127.0.0.0/8, ::1, ::ffff:127.x.x.x; IPv6 with or
 * without brackets), parsed as addresses: `127.evil.example` is a host name, not loopback.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  const family = isIP(bare);
  return family !== 0 && LOOPBACK.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/** A service name pattern: `*` any run of characters, `?` one character. */
const serviceGlob = z.string().regex(/^[A-Za-z0-9._*?-]+$/, 'expected a service name pattern: letters, digits, ".", "_", "-", "*" (any run) and "?" (one character)');

/** What a caller may read; every key optional (absent: no restriction), explore off by default. */
const scopeFields = {
  /** Profiles the caller may read; default: every profile. */
  profiles: z.array(z.string().min(1)).min(1).optional(),
  /** Service name patterns the caller may read; default: every service. */
  services: z.array(serviceGlob).min(1).optional(),
  /** Ad-hoc services, raw queries and arbitrary (not trusted) documents. */
  explore: z.boolean().default(false),
  /** How spans of services outside the scope show in the traces it reads; default: [server] foreign_spans. */
  foreign_spans: z.enum(FOREIGN_SPANS).optional(),
};
export const scopeConfigSchema = z.strictObject(scopeFields);
export type ScopeConfig = z.output<typeof scopeConfigSchema>;

export const tokenConfigSchema = z.strictObject({
  /** Shown in the audit log. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@:-]*$/, 'token names use letters, digits, ".", "_", "@", ":" and "-"'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits (sha256sum of the token)'),
  ...scopeFields,
});

export const serverConfigSchema = z
  .strictObject({
  port: z.number().int().min(0).max(65535).default(4000),
  host: z.string().min(1).default('127.0.0.1'),
  /**
   * "token": bearer tokens checked against `token_sha256`; "jwt": JWTs checked against [server.jwt];
   * "none": no auth. Default: "none" on a loopback host, "token" on any other (production logs are
   * sensitive).
   */
  auth: z.enum(['token', 'jwt', 'none']).optional(),
  /** For auth = "jwt": tokens signed by a key of this JWKS, with this issuer and audience. */
  jwt: z
    .strictObject({
      jwks_url: z.string().regex(/^https?:\/\/\S+$/, 'expected the http(s) URL of a JWKS'),
      issuer: z.string().min(1),
      audience: z.string().min(1),
      /** Claim naming the caller in the audit log. */
      name_claim: z.string().min(1).default('sub'),
      /** Refuse JWTs without an `exp` claim (a token that never expires cannot be taken back). */
      require_exp: z.boolean().default(true),
      /**
       * Claim whose values (an array, or a space-separated string as in OAuth's `scope`) pick entries
       * of `scopes`; without it every valid JWT reads everything.
       */
      scope_claim: z.string().min(1).optional(),
      /** Claim value -> what a caller carrying it may read; a caller with several values gets the union. */
      scopes: z
        .preprocess((value, ctx) => {
          // zod's records silently drop a "__proto__" key: refused instead, so no scope vanishes unsaid.
          if (value !== null && typeof value === 'object' && Object.hasOwn(value, '__proto__')) {
            ctx.addIssue({ code: 'custom', path: ['__proto__'], message: 'a scope cannot be named "__proto__"', input: value });
          }
          return value;
        }, z.record(z.string().min(1), scopeConfigSchema))
        .default({}),
    })
    .optional(),
  /** SHA-256 (hex) of each accepted bearer token: `printf %s "$TOKEN" | sha256sum`. */
  token_sha256: z.array(z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits (sha256sum of the token)')).default([]),
  /** Documents accepted by id (documentId or Apollo's persisted-query extension). */
  trusted_documents: z
    .strictObject({
      /** Callers without the explore scope may send only trusted documents. */
      enforce: z.boolean().default(false),
      /** More manifests (GraphQL Code Generator's persisted-documents.json) besides the shipped dashboards' documents. */
      manifests: z.array(z.string().min(1)).default([]),
      /** Automatic persisted queries (Apollo's protocol) when not enforced: a hash plus its text registers the text. */
      automatic: z.boolean().default(true),
      /** Bytes of registered document texts kept per process (an LRU; with REDIS_URL also shared for a day). */
      automatic_max_bytes: z.number().int().min(1_024).default(8_388_608),
      /** Registered documents kept per process. */
      automatic_max_entries: z.number().int().min(1).default(10_000),
    })
    .default({ enforce: false, manifests: [], automatic: true, automatic_max_bytes: 8_388_608, automatic_max_entries: 10_000 }),
  /** Named, scoped bearer tokens ([[server.tokens]]); `token_sha256` entries read everything. */
  tokens: z.array(tokenConfigSchema).default([]),
  /**
   * How spans of services outside a scoped caller's services show in a trace it may read:
   * "redacted" (the call graph only: no http, sql, aws, annotations, metadata or exceptions) or
   * "full". A token's or JWT scope's own `foreign_spans` overrides it.
   */
  foreign_spans: z.enum(FOREIGN_SPANS).default('redacted'),
  graphiql: z.boolean().default(true),
  /** The web console at /console (static files; its data comes from /graphql with the user's token). */
  console: z.boolean().default(true),
  introspection: z.boolean().default(true),
  /** The largest HTTP request body in bytes: more is refused (413) before it is buffered or parsed. */
  max_body: z.number().int().min(1_024).max(104_857_600).default(1_048_576),
  /**
   * The largest WebSocket (graphql-ws) message in bytes, connection_init included: a frame that
   * announces more is refused by its header (close 1009) before any of it is buffered or parsed.
   */
  max_ws_message: z.number().int().min(1_024).max(104_857_600).default(1_048_576),
  /** How long a WebSocket may stay open before its connection_init (then closed with 4408). */
  ws_init_timeout: duration.default(3_000),
  /** Browser origins allowed by CORS; empty: same-origin only. */
  cors_origins: z.array(z.string().min(1)).default([]),
  /**
   * With auth = "none", the Host header names the gateway as a loopback name or address, the
   * listening host, or one of these names; anything else is refused (DNS rebinding). "*": any.
   */
  allowed_hosts: z.array(z.string().min(1)).default([]),
  /**
   * On SIGTERM, how long running requests get to finish before their AWS work is abandoned (and
   * their Logs Insights queries stopped); live tails end at once with a final error.
   */
  shutdown_grace: duration.default(5_000),
  /** How long a request may run in total before its AWS work is abandoned. */
  request_timeout: duration.default(60_000),
  log_level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** Redis shared by every replica (REDIS_URL): one Logs Insights quota gate for all of them. */
  redis_url: z.string().regex(/^rediss?:\/\/\S+$/, 'expected a redis:// or rediss:// URL').optional(),
  })
  .transform((server, ctx) => {
    const auth = server.auth ?? (isLoopbackHost(server.host) ? 'none' : 'token');
    if (auth === 'token' && server.token_sha256.length === 0 && server.tokens.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['token_sha256'],
        message: `bearer-token auth is on (host "${server.host}" is not loopback) but no token is configured: add token_sha256 = ["<sha256 of a token>"], [[server.tokens]] or TINKR_TOKEN_SHA256, or set auth = "none" explicitly`,
      });
    }
    const seen = new Map<string, number>();
    server.tokens.forEach((token, index) => {
      const first = seen.get(token.name);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['tokens', index, 'name'], message: `"${token.name}" is already the name of server.tokens.${first}` });
      seen.set(token.name, index);
      if (server.token_sha256.includes(token.sha256) || server.tokens.findIndex((other) => other.sha256 === token.sha256) !== index) {
        ctx.addIssue({ code: 'custom', path: ['tokens', index, 'sha256'], message: 'this hash is configured twice; one token has one scope' });
      }
    });
    if (auth === 'jwt' && !server.jwt) {
      ctx.addIssue({
        code: 'custom',
        path: ['jwt'],
        message: 'auth = "jwt" needs [server.jwt] with jwks_url, issuer and audience',
      });
    }
    // Each scope's foreign_spans, with the server's as its default.
    const withDefault = <T extends { foreign_spans?: ForeignSpans | undefined }>(scope: T): T & { foreign_spans: ForeignSpans } => ({ ...scope, foreign_spans: scope.foreign_spans ?? server.foreign_spans });
    const tokens = server.tokens.map(withDefault);
    const jwt = server.jwt && { ...server.jwt, scopes: Object.fromEntries(Object.entries(server.jwt.scopes).map(([value, scope]) => [value, withDefault(scope)])) };
    return { ...server, auth, tokens, ...(jwt ? { jwt } : {}) };
  });
export type ServerConfig = z.output<typeof serverConfigSchema>;

export const logsConfigSchema = z.strictObject({
  /** Logs Insights queries this process may have running at once (the account quota is ~100). */
  max_running_queries: z.number().int().min(1).max(100).default(20),
  /** StartQuery + GetQueryResults calls per second, process-wide (AWS allows 10 per account). */
  calls_per_second: z.number().positive().max(10).default(8),
  /**
   * Share the query slots and the call rate fairly between callers: a freed slot or call goes to the
   * waiting caller (token, JWT subject; then request) that holds the fewest. false: first come,
   * first served, where one heavy caller's queue holds everyone else's queries behind it.
   */
  fair_share: z.boolean().default(true),
  /**
   * With fair_share: query slots, and calls of each call-rate window, that no one request may take
   * however long its queue (it keeps at least 1 of each): another caller's query starts and polls
   * at once instead of waiting for the heavy request's next slot or call to free. 0: none kept.
   */
  fair_share_reserve: z.number().int().min(0).max(99).default(1),
  /** How long one Logs Insights query may run before its partial result is returned. */
  query_timeout: duration.default(30_000),
  /** How long DescribeLogGroups answers are cached. */
  log_group_cache_ttl: duration.default(300_000),
  /** How often a live tail polls FilterLogEvents. */
  tail_interval: duration.default(2_000),
  /** Live tails this process serves at once (identical tails share one poller but count each). */
  max_tails: z.number().int().min(1).default(200),
  /** Live tails one caller (token, JWT subject or anonymous) may have open at once. */
  max_tails_per_caller: z.number().int().min(1).default(10),
  /** FilterLogEvents calls per second of all tails together (AWS allows 10 per account, 25 in us-east-1). */
  tail_calls_per_second: z.number().positive().max(25).default(5),
  /** Cancel abandoned or timed-out queries with logs:StopQuery, an optional extra IAM permission (ignored once denied). */
  stop_abandoned_queries: z.boolean().default(true),
  /**
   * One Logs Insights query for the log fields of a request that share a profile, window and filter
   * (rows routed back per service); false: one query per service, as before (kept for comparison).
   */
  batch: z.boolean().default(true),
  /** Refresh a relative window ("last 1h") by asking only for what is new plus `ingestion_settle`. */
  incremental_refresh: z.boolean().default(true),
  /**
   * How far back an incremental refresh asks again: CloudWatch Logs accepts events late, and a line
   * that arrives later than this after its own timestamp is missed until the window is asked cold.
   */
  ingestion_settle: duration.default(180_000),
  /** How long answers for absolute windows that ended before now - ingestion_settle are kept (they no longer change). */
  past_window_ttl: duration.default(3_600_000),
});

export type LogsConfig = z.output<typeof logsConfigSchema>;

export const metricsConfigSchema = z.strictObject({
  /** How long ListMetrics answers (dimension discovery, metric catalog) are cached. */
  catalog_cache_ttl: duration.default(600_000),
});

export const tracesConfigSchema = z.strictObject({
  /** BatchGetTraces calls one request may have in flight. */
  batch_concurrency: z.number().int().min(1).max(50).default(8),
  /** How long complete traces (immutable once complete) are kept for every request of the process. */
  document_cache_ttl: duration.default(600_000),
  /** How long GetTraceSummaries answers for the same (aligned) window and filter are shared across requests. */
  summary_cache_ttl: duration.default(10_000),
  /** traces_source "spans": how far back Query.trace looks for a trace whose id carries no time (a random W3C id). */
  spans_lookback: duration.default(86_400_000),
  /** traces_source "xray": how many of the window's newest traces the service map is built from. */
  map_sample_traces: z.number().int().min(5).max(500).default(50),
});

export const cacheConfigSchema = z.strictObject({
  /** Bytes of complete AWS answers kept across requests (least recently used go first). */
  max_bytes: z.number().int().min(1_048_576).default(268_435_456),
  /** Distinct AWS calls in flight for the sharing layer at once; beyond, a new one fails with OVERLOADED (none is evicted). */
  max_in_flight: z.number().int().min(1).default(2_000),
});

export const limitsConfigSchema = z.strictObject({
  /** The longest time window a query may ask for. */
  max_window: duration.default(15 * 86_400_000),
  /** Services one request may name. */
  max_services: z.number().int().min(1).default(100),
  /** Nesting depth of a GraphQL operation. */
  max_depth: z.number().int().min(3).default(12),
  /** Steps down a recursive field (Span.children) in one operation: the depth of a span tree asked for nested. */
  max_tree_depth: z.number().int().min(1).default(64),
  /** Aliases in one GraphQL operation (each alias can repeat an AWS-backed field). */
  max_aliases: z.number().int().min(1).default(50),
  /** Tokens in one GraphQL document, counted while parsing (deep nesting must not reach the parser's stack limit). */
  max_tokens: z.number().int().min(100).default(5_000),
  /** Per request: distinct Logs Insights queries (StartQuery calls) it may start. */
  max_insights_queries: z.number().int().min(1).default(200),
  /** Per request: log groups x days of window that its Logs Insights queries may read together (what AWS bills grows with it). */
  max_log_group_days: z.number().positive().default(500),
  /** Per request: distinct metric series it may ask GetMetricData for. */
  max_metric_series: z.number().int().min(1).default(5_000),
  /** Per request: distinct trace lists (GetTraceSummaries windows and filters) it may ask for. */
  max_trace_lists: z.number().int().min(1).default(200),
  /** WebSocket (graphql-ws) connections one caller (token, JWT subject or anonymous) may have open at once. */
  max_ws_connections_per_caller: z.number().int().min(1).default(20),
  /** Operations (subscriptions, queries) one WebSocket connection may run at once. */
  max_operations_per_socket: z.number().int().min(1).default(50),
  /** WebSocket connections, process-wide, that have not yet authenticated with connection_init (each for at most server.ws_init_timeout). */
  max_ws_pending_connections: z.number().int().min(1).default(100),
});

export const awsConfigSchema = z.strictObject({
  /**
   * How long one AWS call (its retries included) may take before it fails with UPSTREAM_TIMEOUT:
   * a hanging GetMetricData must fail its own fields fast, not hold the dashboard.
   */
  call_timeout: duration.default(15_000),
  /** SDK attempts per call (retries of throttling, 5xx and dropped connections included). */
  max_attempts: z.number().int().min(1).max(10).default(3),
});
export type AwsConfig = z.output<typeof awsConfigSchema>;

export const fileConfigSchema = z.strictObject({
  server: serverConfigSchema.default(serverConfigSchema.parse({})),
  logs: logsConfigSchema.default(logsConfigSchema.parse({})),
  metrics: metricsConfigSchema.default(metricsConfigSchema.parse({})),
  traces: tracesConfigSchema.default(tracesConfigSchema.parse({})),
  cache: cacheConfigSchema.default(cacheConfigSchema.parse({})),
  limits: limitsConfigSchema.default(limitsConfigSchema.parse({})),
  aws: awsConfigSchema.default(awsConfigSchema.parse({})),
  profiles: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'profile names use letters, digits, ".", "_" and "-"'), profileConfigSchema).default({}),
}).superRefine((config, ctx) => {
  // A scope naming a profile that does not exist is a typo that would silently grant nothing.
  const known = Object.keys(config.profiles);
  const check = (profiles: readonly string[] | undefined, path: Array<string | number>) => {
    profiles?.forEach((name, index) => {
      if (!known.includes(name)) ctx.addIssue({ code: 'custom', path: [...path, 'profiles', index], message: `no profile "${name}"; profiles: ${known.join(', ') || '(none)'}` });
    });
  };
  config.server.tokens.forEach((token, index) => check(token.profiles, ['server', 'tokens', index]));
  for (const [value, scope] of Object.entries(config.server.jwt?.scopes ?? {})) check(scope.profiles, ['server', 'jwt', 'scopes', value]);
});
export type FileConfig = z.output<typeof fileConfigSchema>;
