// The graphql-yoga instance, separate from the HTTP listener so tests can call `yoga.fetch`.
import type { GraphQLSchema } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import type { Logger } from 'pino';
import type { GatewayRuntime } from '../loaders/gateway-runtime.ts';
import { createRequestContext, type RequestContext } from '../loaders/request-context.ts';
import { buildSchema } from '../schema/index.ts';
import { useAwsCost } from './use-aws-cost.ts';
import { jwtVerifier, tokenHashVerifier, useBearerAuth } from './use-bearer-auth.ts';
import { createGatewayMetrics, useGatewayMetrics } from './use-gateway-metrics.ts';

export interface GatewayYogaOptions {
  runtime: GatewayRuntime;
  logger?: Logger | boolean;
  schema?: GraphQLSchema;
  /** A fixed clock for tests. */
  now?: () => number;
}

export type GatewayYoga = YogaServerInstance<Record<string, unknown>, RequestContext>;

export function createGatewayYoga(options: GatewayYogaOptions): GatewayYoga {
  const { runtime } = options;
  const server = runtime.config.server;
  return createYoga<Record<string, unknown>, RequestContext>({
    schema: options.schema ?? buildSchema(),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: server.graphiql ? { title: 'Tinkr gateway', defaultQuery: DEFAULT_GRAPHIQL_QUERY } : false,
    // GraphiQL's scripts inlined in the page, not fetched from a CDN: it works on closed networks.
    renderGraphiQL,
    logging: options.logger ?? false,
    cors: server.cors_origins.length ? { origin: server.cors_origins, credentials: true } : false,
    context: ({ request }) => createRequestContext(runtime, { signal: request.signal, ...(options.now ? { now: options.now() } : {}) }),
    plugins: [
      ...(server.auth === 'token' ? [useBearerAuth({ verify: tokenHashVerifier(server.token_sha256) })] : []),
      ...(server.auth === 'jwt' && server.jwt
        ? [useBearerAuth({ verify: jwtVerifier({ jwksUrl: server.jwt.jwks_url, issuer: server.jwt.issuer, audience: server.jwt.audience }) })]
        : []),
      // Browsers' "simple" requests (which skip CORS preflight) must carry a custom header.
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'authorization'] }),
      ...(server.introspection ? [] : [useDisableIntrospection()]),
      // Cost guard: one query must not fan out into unbounded AWS work.
      maxDepthPlugin({ n: runtime.config.limits.max_depth, exposeLimits: true, propagateOnRejection: true }),
      maxAliasesPlugin({ n: runtime.config.limits.max_aliases, exposeLimits: true, propagateOnRejection: true }),
      useDeferStream(),
      useAwsCost(),
      useGatewayMetrics(runtime.shared('gateway-metrics', createGatewayMetrics)),
    ],
  });
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
