// The graphql-yoga instance, separate from the HTTP listener so tests can call `yoga.fetch`.
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import type { Logger } from 'pino';
import type { GatewayRuntime } from '../runtime/gateway-runtime.ts';
import { Caller, grantOf } from '../config/caller-scope.ts';
import type { ServerConfig } from '../config/config-schema.ts';
import { createRequestContext, defaultCaller, type RequestContext } from '../runtime/request-context.ts';
import { LIMIT_EXCEEDED } from '../schema/graphql-errors.ts';
import { buildSchema } from '../schema/index.ts';
import { useAwsCost } from './use-aws-cost.ts';
import type { WebSocketOperationContext } from './graphql-ws-server.ts';
import { TrustedDocuments, useTrustedDocuments } from './trusted-documents.ts';
import { AutomaticPersistedQueries, useAutomaticPersistedQueries } from './automatic-persisted-queries.ts';
import { Slot } from '../runtime/slot.ts';
import { useCompression } from './use-compression.ts';
import { rememberRequestContext, useHttpCaching } from './use-http-caching.ts';
import { pinoAuditLog, useAuditLog, type AuditLog } from './use-audit-log.ts';
import { callerOfRequest, credentialsExpiryOfRequest, jwtVerifier, tokenHashVerifier, useBearerAuth, type BearerVerifier } from './use-bearer-auth.ts';
import { useQueryDepthLimit } from './use-query-depth-limit.ts';
import { useExplainedNotAcceptable } from './use-explained-not-acceptable.ts';
import { useIncrementalDeliveryFormat } from './use-incremental-delivery-format.ts';
import { useMultipartSubscriptions } from './use-multipart-subscriptions.ts';
import { useConsole } from './use-console.ts';
import { useCredentialExpiry } from './use-credential-expiry.ts';
import { GATEWAY_METRICS, useGatewayMetrics } from './use-gateway-metrics.ts';
import { useMaxTokens } from './use-max-tokens.ts';
import { useBodyLimit } from './use-body-limit.ts';
import { useCsrfPrevention } from './use-csrf-prevention.ts';
import { useCorsRefusal } from './use-cors-refusal.ts';
import { useRequestErrorCodes } from './use-request-error-codes.ts';
import { useUpstreamErrorLog } from './use-upstream-error-log.ts';

export interface GatewayYogaOptions {
  runtime: GatewayRuntime;
  logger?: Logger | boolean;
  schema?: GraphQLSchema;
  /** A fixed clock for tests. */
  now?: () => number;
  /** Where the audit trail goes; default: the logger, if one is given. */
  audit?: AuditLog;
  /** The trusted documents; default: loaded from the config's manifests. */
  trustedDocuments?: TrustedDocuments;
  /** Time between heartbeats of multipart subscriptions (default 5 s; tests shorten it). */
  multipartHeartbeatMs?: number;
}

/** The verifier of the configured auth mode; undefined for auth = "none". */
export function bearerVerifierOf(server: ServerConfig): BearerVerifier | undefined {
  if (server.auth === 'token') {
    return tokenHashVerifier([
      // Listed hashes read everything; each is named by its first hex digits in the audit log.
      ...server.token_sha256.map((sha256) => ({ sha256, caller: Caller.unrestricted(`token:${sha256.slice(0, 8)}`) })),
      ...server.tokens.map((token) => ({ sha256: token.sha256, caller: new Caller(token.name, [grantOf(token)]) })),
    ]);
  }
  if (server.auth === 'jwt' && server.jwt) {
    const { jwt } = server;
    return jwtVerifier({
      jwksUrl: jwt.jwks_url,
      issuer: jwt.issuer,
      audience: jwt.audience,
      nameClaim: jwt.name_claim,
      requireExp: jwt.require_exp,
      ...(jwt.scope_claim ? { scopeClaim: jwt.scope_claim } : {}),
      scopes: jwt.scopes,
    });
  }
  return undefined;
}

/** The automatic persisted queries' store of a runtime (its Redis client closes with the runtime). */
export const AUTOMATIC_PERSISTED_QUERIES = new Slot<GatewayRuntime, AutomaticPersistedQueries>('automatic persisted queries', (runtime) => {
  const { trusted_documents: trusted, redis_url: redisUrl } = runtime.config.server;
  const store = new AutomaticPersistedQueries({ maxBytes: trusted.automatic_max_bytes, maxEntries: trusted.automatic_max_entries, ...(redisUrl ? { redisUrl } : {}) });
  runtime.onClose(() => store.close());
  return store;
});

export type GatewayYoga = YogaServerInstance<Record<string, unknown>, RequestContext>;

export function createGatewayYoga(options: GatewayYogaOptions): GatewayYoga {
  const { runtime } = options;
  const server = runtime.config.server;
  const verify = bearerVerifierOf(server);
  const trustedDocuments = options.trustedDocuments ?? TrustedDocuments.load(server.trusted_documents.manifests);
  const callerOf = (request: Request) => callerOfRequest(request) ?? defaultCaller(runtime);
  /** The caller of an operation: its socket's (graphql-ws, no HTTP request), else its request's. */
  const callerOfOperation = (initial: object): Caller => {
    const socket = (initial as Partial<WebSocketOperationContext>).webSocket;
    const request = (initial as { request?: Request }).request;
    return socket?.caller ?? (request ? callerOf(request) : defaultCaller(runtime));
  };
  /** When the credentials of an operation expire: its socket's token, else its request's; undefined: never. */
  const expiryOfOperation = (context: object): number | undefined => {
    const socket = (context as Partial<WebSocketOperationContext>).webSocket;
    if (socket) return socket.expiresAt;
    const request = (context as { request?: Request }).request;
    return request ? credentialsExpiryOfRequest(request) : undefined;
  };
  const automatic = server.trusted_documents.automatic && !server.trusted_documents.enforce ? AUTOMATIC_PERSISTED_QUERIES.of(runtime) : undefined;
  const audit = options.audit ?? (options.logger && typeof options.logger === 'object' ? pinoAuditLog(options.logger) : undefined);
  const yoga: GatewayYoga = createYoga<Record<string, unknown>, RequestContext>({
    schema: options.schema ?? buildSchema(),
    graphqlEndpoint: '/graphql',
    extraParamNames: ['documentId'],
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: server.graphiql ? { title: 'Tinkr gateway', defaultQuery: DEFAULT_GRAPHIQL_QUERY } : false,
    // GraphiQL's scripts inlined in the page, not fetched from a CDN: it works on closed networks.
    renderGraphiQL,
    logging: options.logger ?? false,
    cors: server.cors_origins.length ? { origin: server.cors_origins, credentials: true } : false,
    context: (initial) => {
      const caller = callerOfOperation(initial);
      // A graphql-ws operation: its socket's signal (there is no HTTP request).
      const socket = (initial as Partial<WebSocketOperationContext>).webSocket;
      if (socket) return createRequestContext(runtime, { signal: socket.signal, caller, ...(options.now ? { now: options.now() } : {}) });
      const { request } = initial;
      const context = createRequestContext(runtime, { signal: request.signal, caller, ...(options.now ? { now: options.now() } : {}) });
      rememberRequestContext(request, context);
      return context;
    },
    plugins: [
      // A preflight from an origin not in cors_origins: 403 naming the setting.
      useCorsRefusal({ origins: server.cors_origins }),
      // The console's static files (no data) load before auth; its GraphQL requests carry the token.
      ...(server.console ? [useConsole()] : []),
      ...(verify
        ? [
            useBearerAuth({
              verify,
              ...(server.graphiql ? { graphiqlPath: '/graphql' } : {}),
              ...(audit ? { onRefused: (request, reason) => audit.refused({ caller: null, reason, code: 'UNAUTHENTICATED', path: new URL(request.url).pathname }) } : {}),
            }),
          ]
        : []),
      // Before the audit log and metrics, so that they see a stream's last (UNAUTHENTICATED) payload.
      // The real clock, as jose's when it checked the token (options.now fixes the data's windows only).
      useCredentialExpiry({ expiresAtOf: expiryOfOperation }),
      // Response hooks run in this order: caching (ETag, 304) sees the plain body, then compression.
      useHttpCaching({ graphqlEndpoint: '/graphql' }),
      useCompression(),
      // Only where any caller may send text: under enforce, documents come by trusted id alone.
      ...(automatic ? [useAutomaticPersistedQueries({ store: automatic })] : []),
      useTrustedDocuments({
        documents: trustedDocuments,
        ...(automatic ? { automatic } : {}),
        callerOf,
        mayUseArbitraryDocuments: (request) => !server.trusted_documents.enforce || callerOf(request).mayExplore(),
        ...(audit ? { onRefused: (request, caller, reason) => audit.refused({ caller: caller.name, reason, code: 'FORBIDDEN', path: new URL(request.url).pathname }) } : {}),
      }),
      // Browsers' "simple" requests (which skip CORS preflight) from other sites are refused.
      useCsrfPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'authorization'], trustedOrigins: server.cors_origins }),
      ...(server.introspection ? [] : [useDisableIntrospection()]),
      // Cost guard: one query must not fan out into unbounded AWS work.
      useQueryDepthLimit({ maxDepth: runtime.config.limits.max_depth, maxTreeDepth: runtime.config.limits.max_tree_depth }),
      maxAliasesPlugin({
        n: runtime.config.limits.max_aliases,
        exposeLimits: true,
        // Reported with a code instead of graphql-armor's bare "Syntax Error".
        propagateOnRejection: false,
        onReject: [
          (context, error) =>
            context?.reportError(
              new GraphQLError(`${error.message.replace(/^Syntax Error: /, '')} (limits.max_aliases)`, {
                extensions: { code: LIMIT_EXCEEDED, limit: 'limits.max_aliases', max: runtime.config.limits.max_aliases },
              }),
            ),
        ],
      }),
      useBodyLimit({ maxBytes: runtime.config.server.max_body }),
      useMaxTokens({ maxTokens: runtime.config.limits.max_tokens }),
      useRequestErrorCodes({ hideSuggestions: !server.introspection }),
      useDeferStream(),
      // Which @defer/@stream format (Accept's incrementalSpec), after the plugins that wrap execution.
      useIncrementalDeliveryFormat(),
      useMultipartSubscriptions(options.multipartHeartbeatMs ? { heartbeatMs: options.multipartHeartbeatMs } : {}),
      useExplainedNotAcceptable(),
      useAwsCost(),
      ...(options.logger && typeof options.logger === 'object' ? [useUpstreamErrorLog(options.logger)] : []),
      ...(audit
        ? [
            useAuditLog({ log: audit, callerBeforeContext: (initial) => callerOfOperation(initial).name }),
          ]
        : []),
      useGatewayMetrics(GATEWAY_METRICS.of(runtime)),
    ],
  });
  accessByYoga.set(yoga, { verify, trustedDocuments, audit });
  return yoga;
}

/** What the WebSocket transport needs to check callers and documents as HTTP does. */
export interface GatewayAccess {
  verify: BearerVerifier | undefined;
  trustedDocuments: TrustedDocuments;
  audit: AuditLog | undefined;
}

const accessByYoga = new WeakMap<GatewayYoga, GatewayAccess>();

export function gatewayAccessOf(yoga: GatewayYoga): GatewayAccess {
  const access = accessByYoga.get(yoga);
  if (!access) throw new Error('not a yoga made by createGatewayYoga');
  return access;
}

const DEFAULT_GRAPHIQL_QUERY = `# Tinkr gateway: logs, metrics and traces of your services in one query.
{
  profiles {
    name
    backend
    region
    services { name resourceType repo }
  }
}
`;
