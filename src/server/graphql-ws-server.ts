// GraphQL over WebSocket (the graphql-ws protocol, Apollo Client's and urql's usual subscription
// transport) on the same path as HTTP, next to SSE. Auth happens in connection_init: the payload's
// `authorization` (or `headers.authorization`), else the upgrade request's Authorization header;
// a bad token closes the socket with 4403. The caller's scope, trusted documents, the audit log
// and cost reporting work as over HTTP because every operation runs through yoga's envelop.
import type { Server } from 'node:http';
import { createHash } from 'node:crypto';
import { GraphQLError, type DocumentNode, type ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Caller } from '../config/caller-scope.ts';
import type { GatewayRuntime } from '../loaders/gateway-runtime.ts';
import { defaultCaller } from '../loaders/request-context.ts';
import { persistedDocumentId } from './trusted-documents.ts';
import { verifyAuthorization } from './use-bearer-auth.ts';
import type { GatewayAccess, GatewayYoga } from './yoga.ts';

export interface GraphQLWsOptions extends GatewayAccess {
  path: string;
  /** The DNS-rebinding Host check of a gateway without auth, as for HTTP requests. */
  hostAllowed?: (host: string | undefined) => boolean;
  yoga: GatewayYoga;
  runtime: GatewayRuntime;
}

/** Initial context of a WebSocket operation: the yoga context factory reads the caller and signal from it. */
export interface WebSocketOperationContext {
  webSocket: { caller: Caller; signal: AbortSignal };
}

function authorizationOf(payload: unknown, upgradeHeader: string | undefined): string | undefined {
  const fromPayload = payload as { authorization?: unknown; Authorization?: unknown; headers?: { authorization?: unknown; Authorization?: unknown } } | undefined;
  const candidates = [fromPayload?.authorization, fromPayload?.Authorization, fromPayload?.headers?.authorization, fromPayload?.headers?.Authorization];
  const found = candidates.find((value): value is string => typeof value === 'string');
  return found ?? upgradeHeader;
}

/** A browser page may open a socket to any host; only same-origin pages and the CORS allowlist may talk to this one. */
function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true; // not a browser
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export function attachGraphQLWs(server: Server, options: GraphQLWsOptions): { close(): Promise<void> } {
  const { yoga, runtime } = options;
  const config = runtime.config.server;
  const wss = new WebSocketServer({
    server,
    path: options.path,
    verifyClient: ({ origin, req }, done) => {
      if (options.hostAllowed && !options.hostAllowed(req.headers.host)) {
        options.audit?.refused({ caller: null, reason: `WebSocket for Host ${req.headers.host} refused`, code: 'FORBIDDEN_HOST', path: options.path });
        return done(false, 403, 'Forbidden host');
      }
      if (originAllowed(origin || undefined, req.headers.host, config.cors_origins)) return done(true);
      options.audit?.refused({ caller: null, reason: `WebSocket from origin ${origin} refused`, code: 'FORBIDDEN', path: options.path });
      done(false, 403, 'Forbidden origin');
    },
  });
  // Each socket's caller (set in connection_init) and an abort signal for its operations.
  const sockets = new WeakMap<object, { caller: Caller; abort: AbortController }>();

  const disposable = useServer<Record<string, unknown> | undefined>(
    {
      execute: (args) => (args.rootValue as { execute: (args: ExecutionArgs) => never }).execute(args),
      subscribe: (args) => (args.rootValue as { subscribe: (args: ExecutionArgs) => never }).subscribe(args),
      onConnect: async (ctx) => {
        const abort = new AbortController();
        if (!options.verify) {
          sockets.set(ctx.extra.socket, { caller: defaultCaller(runtime), abort });
          return true;
        }
        const header = authorizationOf(ctx.connectionParams, ctx.extra.request.headers.authorization);
        const verdict = await verifyAuthorization(options.verify, header);
        if ('problem' in verdict) {
          options.audit?.refused({ caller: null, reason: verdict.problem, code: 'UNAUTHENTICATED', path: options.path });
          return false; // graphql-ws closes with 4403 Forbidden
        }
        sockets.set(ctx.extra.socket, { caller: verdict.caller, abort });
        return true;
      },
      onDisconnect: (ctx) => sockets.get(ctx.extra.socket)?.abort.abort(),
      onClose: (ctx) => sockets.get(ctx.extra.socket)?.abort.abort(),
      onSubscribe: async (ctx, _id, payload) => {
        const socket = sockets.get(ctx.extra.socket);
        if (!socket) return [forbidden('connection not initialised')];
        // Trusted documents: an id in `extensions` (documentId or Apollo's persistedQuery), or text that
        // is a trusted document, or text from a caller who may send their own.
        let document: DocumentNode | undefined;
        const id = persistedDocumentId({ ...payload, query: payload.query ?? undefined, extensions: payload.extensions ?? undefined, documentId: payload.extensions?.documentId } as never);
        if (!payload.query && id) {
          document = options.trustedDocuments.get(id);
          if (!document) return [new GraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } })];
        } else if (payload.query) {
          const trusted = options.trustedDocuments.get(createHash('sha256').update(payload.query).digest('hex'));
          if (!trusted && config.trusted_documents.enforce && !socket.caller.mayExplore()) {
            return [forbidden(`caller "${socket.caller.name}" may send only trusted documents (by documentId); documents of its own need the explore scope`)];
          }
          document = trusted;
        } else {
          return [new GraphQLError('Must provide query string, documentId or a persistedQuery extension.', { extensions: { code: 'BAD_REQUEST' } })];
        }
        const initial: WebSocketOperationContext & Record<string, unknown> = {
          webSocket: { caller: socket.caller, signal: socket.abort.signal },
          params: payload,
        };
        const enveloped = yoga.getEnveloped(initial as never);
        if (!document) {
          // Through envelop's parse, so the parse-time guards apply as over HTTP.
          try {
            document = enveloped.parse(payload.query);
          } catch (error) {
            return [error instanceof GraphQLError ? error : new GraphQLError(String(error), { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
          }
        }
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length) return errors;
        return {
          schema: enveloped.schema,
          operationName: payload.operationName ?? null,
          document,
          variableValues: payload.variables ?? null,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        };
      },
    },
    wss,
  );
  return {
    close: async () => {
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
