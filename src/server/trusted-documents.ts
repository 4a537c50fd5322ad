// Trusted documents: an allowlist of GraphQL documents accepted by id, the way GraphQL Code
// Generator's client preset emits them (persisted-documents.json: "sha256:<hex>" -> document text).
// The dashboards' own documents (schema/operations) are always in it; operators add manifests of
// their frontends' documents. A client sends `documentId` ("sha256:<hex>" or the bare hex) or
// Apollo's persisted-query extension (the bare hex); with `enforce`, only callers with the explore
// scope may also send documents of their own.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { parse, type DocumentNode } from 'graphql';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import shippedManifest from '../generated/persisted-documents.json' with { type: 'json' };
import type { Caller } from '../config/caller-scope.ts';
import type { AutomaticPersistedQueries } from './automatic-persisted-queries.ts';

export class TrustedDocumentsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrustedDocumentsError';
  }
}

export class TrustedDocuments {
  /** Keyed by the bare lowercase hex of the SHA-256 of the document text. */
  readonly #documents = new Map<string, DocumentNode>();

  /** The dashboards' documents plus the manifests at `files`. */
  static load(files: readonly string[] = []): TrustedDocuments {
    const trusted = new TrustedDocuments();
    trusted.add(shippedManifest as Record<string, string>, 'the shipped documents');
    for (const file of files) {
      let manifest: unknown;
      try {
        manifest = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new TrustedDocumentsError(`${file}: cannot read the trusted documents manifest: ${(error as Error).message}`);
      }
      if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
        throw new TrustedDocumentsError(`${file}: expected a JSON object of "sha256:<hex>" -> document text (GraphQL Code Generator's persisted-documents.json)`);
      }
      trusted.add(manifest as Record<string, unknown>, file);
    }
    return trusted;
  }

  add(manifest: Record<string, unknown>, source: string): void {
    for (const [id, text] of Object.entries(manifest)) {
      if (typeof text !== 'string') throw new TrustedDocumentsError(`${source}: document ${id} is not a string`);
      const hash = createHash('sha256').update(text).digest('hex');
      // The id must be the document's hash: an id that names other text would let a manifest lie.
      if (bareHash(id) !== hash) throw new TrustedDocumentsError(`${source}: id ${id} is not the SHA-256 of its document (sha256:${hash})`);
      try {
        this.#documents.set(hash, parse(text));
      } catch (error) {
        throw new TrustedDocumentsError(`${source}: document ${id} does not parse: ${(error as Error).message}`);
      }
    }
  }

  get size(): number {
    return this.#documents.size;
  }

  get(id: string): DocumentNode | undefined {
    const hash = bareHash(id);
    return hash ? this.#documents.get(hash) : undefined;
  }
}

/** "sha256:<hex>" or "<hex>" -> "<hex>"; anything else -> undefined. */
function bareHash(id: string): string | undefined {
  const match = /^(?:sha256:)?([0-9a-fA-F]{64})$/.exec(id.trim());
  return match?.[1]?.toLowerCase();
}

/** The id a request names: `documentId` (body or, for GET, the URL), else Apollo's persisted-query extension. */
export function persistedDocumentId(params: GraphQLParams & { documentId?: unknown }, request?: Request): string | null {
  if (typeof params.documentId === 'string') return params.documentId;
  // yoga's GET parser reads only the four standard parameters.
  const fromUrl = request?.method === 'GET' ? new URL(request.url).searchParams.get('documentId') : null;
  if (fromUrl) return fromUrl;
  const persisted = (params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)?.persistedQuery;
  if (persisted && persisted.version === 1 && typeof persisted.sha256Hash === 'string') return persisted.sha256Hash;
  return null;
}

export interface TrustedDocumentsOptions {
  documents: TrustedDocuments;
  /** Whether this request's caller may send a document of its own. */
  mayUseArbitraryDocuments: (request: Request) => boolean;
  /** The caller, for the error message. */
  callerOf: (request: Request) => Caller;
  /** Told about every refused document (the audit log). */
  onRefused?: (request: Request, caller: Caller, reason: string) => void;
  /** Documents registered by automatic persisted queries, looked up after the trusted ones (absent under enforce). */
  automatic?: AutomaticPersistedQueries;
}

export function useTrustedDocuments(options: TrustedDocumentsOptions): Plugin {
  const persisted = usePersistedOperations({
    extractPersistedOperationId: (params, request) => persistedDocumentId(params as GraphQLParams & { documentId?: unknown }, request),
    getPersistedOperation: async (id) => {
      const trusted = options.documents.get(id);
      if (trusted) return trusted;
      const hash = bareHash(id);
      return (hash && (await options.automatic?.get(hash))) || null;
    },
    allowArbitraryOperations: (request) => options.mayUseArbitraryDocuments(request),
    customErrors: {
      // Apollo's persisted-query link recognises this message and code, and retries with the text.
      notFound: { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
      keyNotFound: {
        message: 'Must provide query string, documentId or a persistedQuery extension.',
        extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
      },
      persistedQueryOnly: (payload) => {
        const caller = options.callerOf(payload.request);
        const message = `caller "${caller.name}" may send only trusted documents (by documentId); documents of its own need the explore scope`;
        options.onRefused?.(payload.request, caller, message);
        return createGraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
      },
    },
  }) as Plugin;
  return persisted;
}
