// The audit trail: one JSON log line per GraphQL operation with who asked (the caller's name), what
// (the operation name) and what it cost in AWS (`extensions.cost`), plus one per refused request.
// A deferred or streamed operation, or a subscription, is logged when it ends, with its whole cost.
import { getOperationAST, type DocumentNode } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { AwsUsage } from '../aws/aws-usage.ts';
import type { RequestContext } from '../runtime/request-context.ts';

export interface AuditEntry {
  caller: string;
  operation: string | null;
  kind: string;
  outcome: 'ok' | 'errors';
  errors?: string[];
  cost: ReturnType<RequestContext['usage']['toJSON']>;
}

export interface AuditLog {
  operation(entry: AuditEntry): void;
  refused(entry: { caller: string | null; reason: string; code: string; path: string }): void;
}

export function pinoAuditLog(logger: Logger): AuditLog {
  const audit = logger.child({ audit: true });
  return {
    operation: (entry) => audit.info(entry, 'graphql operation'),
    refused: (entry) => audit.warn(entry, 'request refused'),
  };
}

function describe(document: DocumentNode, operationName: string | null | undefined) {
  const operation = getOperationAST(document, operationName ?? undefined);
  return { operation: operation?.name?.value ?? operationName ?? null, kind: operation?.operation ?? 'unknown' };
}

type CodedErrors = { errors?: ReadonlyArray<{ extensions?: { code?: unknown } }> };

/** The codes of a result's errors, a later @defer/@stream payload's too (in its incremental items, or its completed ones in GraphQL 17's format). */
function errorCodes(result: unknown): string[] | undefined {
  const part = result as (CodedErrors & { incremental?: CodedErrors[]; completed?: CodedErrors[] }) | undefined;
  const errors = [...(part?.errors ?? []), ...(part?.incremental ?? []).flatMap((item) => item.errors ?? []), ...(part?.completed ?? []).flatMap((item) => item.errors ?? [])];
  if (!errors.length) return undefined;
  return errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
}

export interface AuditLogOptions {
  log: AuditLog;
  /**
   * The caller's name before the request's context exists: GraphQL validates a document before
   * the context is built, so a refused document is audited from the initial (HTTP or WebSocket) one.
   */
  callerBeforeContext: (initialContext: object) => string;
}

export function useAuditLog(options: AuditLogOptions): Plugin<RequestContext> {
  const { log } = options;
  const record = (caller: string, document: DocumentNode, operationName: string | null | undefined, codes: string[] | undefined, cost: AuditEntry['cost']) => {
    log.operation({
      caller,
      ...describe(document, operationName),
      outcome: codes ? 'errors' : 'ok',
      ...(codes ? { errors: codes } : {}),
      cost,
    });
  };
  const recordDone = (context: RequestContext, document: DocumentNode, operationName: string | null | undefined, codes: string[] | undefined) =>
    record(context.caller.name, document, operationName, codes, context.usage.toJSON());
  return {
    onValidate({ context, params }) {
      return ({ result }) => {
        if (result.length === 0) return;
        const operationName = (context as { params?: { operationName?: string } }).params?.operationName;
        const codes = result.map((error) => String(error.extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED'));
        // Nothing was executed: no AWS call.
        record(options.callerBeforeContext(context), params.documentAST, operationName, codes, new AwsUsage().toJSON());
      };
    },
    onExecute({ args }) {
      const codes = new Set<string>();
      return {
        onExecuteDone({ result }) {
          if (!isAsyncIterable(result)) {
            recordDone(args.contextValue, args.document, args.operationName, errorCodes(result));
            return undefined;
          }
          return {
            onNext: ({ result: part }) => errorCodes(part)?.forEach((code) => codes.add(code)),
            onEnd: () => recordDone(args.contextValue, args.document, args.operationName, codes.size ? [...codes] : undefined),
          };
        },
      };
    },
    onSubscribe({ args }) {
      const codes = new Set<string>();
      return {
        onSubscribeResult({ result }) {
          if (!isAsyncIterable(result)) {
            recordDone(args.contextValue, args.document, args.operationName, errorCodes(result));
            return undefined;
          }
          return {
            onNext: ({ result }) => errorCodes(result)?.forEach((code) => codes.add(code)),
            onEnd: () => recordDone(args.contextValue, args.document, args.operationName, codes.size ? [...codes] : undefined),
          };
        },
        onSubscribeError({ error }) {
          recordDone(args.contextValue, args.document, args.operationName, [String((error as { extensions?: { code?: unknown } })?.extensions?.code ?? 'INTERNAL_SERVER_ERROR')]);
        },
      };
    },
  };
}
