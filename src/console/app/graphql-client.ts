// The console's only way to data: POST /graphql with the user's bearer token. Plain JSON for whole
// answers; graphql-sse (distinct-connections mode, what graphql-yoga speaks) for @defer payloads and
// the live tail subscription. Documents go by id (they are among the shipped trusted documents), so
// the console works for callers that may send only trusted documents.
import { createClient, NetworkError, type Client, type RequestParams } from 'graphql-sse';
import type { TypedDocumentString } from '../generated/graphql.ts';

const TOKEN_KEY = 'tinkr.console.token';
const ENDPOINT = new URL('../graphql', location.href).toString();

export interface GraphQLErrorItem {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

export interface AwsCost {
  calls?: Record<string, { calls: number; attempts: number }>;
  totalCalls?: number;
  logsBytesScanned?: number;
  logsRecordsScanned?: number;
  metricsRequested?: number;
  tracesFetched?: number;
  cacheHits?: number;
}

export interface GraphQLAnswer<TData> {
  data: TData | null | undefined;
  errors: GraphQLErrorItem[];
  cost: AwsCost | undefined;
}

/** The gateway refused the token (or wants one): the page asks the user for it. */
export class AuthRequiredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthRequiredError';
  }
}

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function authHeaders(): Record<string, string> {
  const token = storedToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function authError(response: Response): Promise<AuthRequiredError> {
  let message = `the gateway answered HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { errors?: GraphQLErrorItem[] };
    if (body.errors?.[0]?.message) message = body.errors[0].message;
  } catch {
    // not JSON: keep the status line
  }
  return new AuthRequiredError(message);
}

/** The document's trusted-document id ("sha256:<hex>"), from codegen. */
function documentId(document: TypedDocumentString<unknown, never>): string {
  const id = (document.__meta__ as { hash?: string } | undefined)?.hash;
  if (!id) throw new Error('console document without its trusted-document hash: run `npm run codegen`');
  return id;
}

/** What identifies a document in a request body: its id, or (after PersistedQueryNotFound) its text. */
function documentParams(document: TypedDocumentString<unknown, never>, asText: boolean): { documentId: string } | { query: string } {
  return asText ? { query: document.toString() } : { documentId: documentId(document) };
}

/** One request, one JSON answer (errors and cost included). */
export async function request<TData, TVariables>(
  document: TypedDocumentString<TData, TVariables>,
  variables: TVariables,
  signal?: AbortSignal,
  asText = false,
): Promise<GraphQLAnswer<TData>> {
  const response = await fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...authHeaders() },
    body: JSON.stringify({ ...documentParams(document, asText), variables }),
    ...(signal ? { signal } : {}),
  });
  if (response.status === 401 || response.status === 403) throw await authError(response);
  const body = (await response.json()) as { data?: TData | null; errors?: GraphQLErrorItem[]; extensions?: { cost?: AwsCost } };
  // A gateway of another version may not know this id: send the text instead (as Apollo's link does).
  if (!asText && body.errors?.some((error) => error.extensions?.['code'] === 'PERSISTED_QUERY_NOT_FOUND')) return request(document, variables, signal, true);
  return { data: body.data, errors: body.errors ?? [], cost: body.extensions?.cost };
}

function sseClient(retryAttempts: number): Client {
  return createClient({
    url: ENDPOINT,
    singleConnection: false,
    retryAttempts,
    headers: () => ({ 'content-type': 'application/json', ...authHeaders() }),
  });
}

/** graphql-sse posts these params as the JSON body: the document by id, no text (`query` stays empty). */
function sseParams(document: TypedDocumentString<unknown, never>, variables: unknown): RequestParams {
  return { query: '', documentId: documentId(document), variables: variables as Record<string, unknown> } as RequestParams;
}

interface IncrementalPayload {
  data?: Record<string, unknown> | null;
  errors?: GraphQLErrorItem[];
  extensions?: { cost?: AwsCost };
  hasNext?: boolean;
  pending?: Array<{ id: string; path: Array<string | number> }>;
  incremental?: Array<{ id?: string; path?: Array<string | number>; subPath?: Array<string | number>; data?: Record<string, unknown>; errors?: GraphQLErrorItem[] }>;
}

/** Puts a deferred fragment's fields into the object at `path` of the merged answer. */
function mergeAt(target: Record<string, unknown>, path: ReadonlyArray<string | number>, data: Record<string, unknown>): void {
  let node: unknown = target;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string | number, unknown>)[key];
  }
  if (node !== null && typeof node === 'object') Object.assign(node, data);
}

export interface StreamUpdate<TData> extends GraphQLAnswer<TData> {
  /** 0 for the initial payload, then 1, 2, ... for each deferred part. */
  index: number;
  /** Labels/paths delivered by this payload (empty for the initial one). */
  delivered: ReadonlyArray<ReadonlyArray<string | number>>;
  hasNext: boolean;
}

/**
 * A query with @defer over SSE: `onUpdate` sees the answer merged so far after every payload (the
 * last payload's `extensions.cost` is the whole request's cost). Resolves when the server is done.
 */
export async function streamQuery<TData, TVariables>(
  document: TypedDocumentString<TData, TVariables>,
  variables: TVariables,
  onUpdate: (update: StreamUpdate<TData>) => void,
  signal?: AbortSignal,
): Promise<void> {
  const client = sseClient(0);
  const iterator = client.iterate(sseParams(document, variables));
  const abort = () => void iterator.return?.();
  signal?.addEventListener('abort', abort);
  const merged: Record<string, unknown> = {};
  const pendingPaths = new Map<string, Array<string | number>>();
  const errors: GraphQLErrorItem[] = [];
  let index = 0;
  try {
    for await (const result of iterator) {
      const payload = result as unknown as IncrementalPayload;
      const delivered: Array<Array<string | number>> = [];
      if (payload.data) Object.assign(merged, payload.data);
      for (const pending of payload.pending ?? []) pendingPaths.set(pending.id, pending.path);
      for (const item of payload.incremental ?? []) {
        const path = [...(item.path ?? (item.id !== undefined ? pendingPaths.get(item.id) ?? [] : [])), ...(item.subPath ?? [])];
        if (item.data) mergeAt(merged, path, item.data);
        if (item.errors) errors.push(...item.errors);
        delivered.push(path);
      }
      if (payload.errors) errors.push(...payload.errors);
      onUpdate({
        data: merged as TData,
        errors: [...errors],
        cost: payload.extensions?.cost,
        index: index++,
        delivered,
        hasNext: payload.hasNext ?? false,
      });
    }
  } catch (error) {
    if (error instanceof NetworkError && error.response && (error.response.status === 401 || error.response.status === 403)) {
      throw await authError(error.response);
    }
    throw error;
  } finally {
    signal?.removeEventListener('abort', abort);
    client.dispose();
  }
}

/** A subscription over SSE; returns a function that ends it. The client retries a dropped stream. */
export function subscribe<TData, TVariables>(
  document: TypedDocumentString<TData, TVariables>,
  variables: TVariables,
  handlers: { next(data: TData): void; error(error: unknown): void; complete(): void },
): () => void {
  const client = sseClient(3);
  const stop = client.subscribe<TData>(
    sseParams(document, variables),
    {
      next: (result) => {
        if (result.errors?.length) handlers.error(new Error(result.errors.map((error) => error.message).join('; ')));
        else if (result.data) handlers.next(result.data as TData);
      },
      error: (error) => {
        if (error instanceof NetworkError && error.response && (error.response.status === 401 || error.response.status === 403)) {
          void authError(error.response).then(handlers.error);
        } else handlers.error(error);
      },
      complete: handlers.complete,
    },
  );
  return () => {
    stop();
    client.dispose();
  };
}
