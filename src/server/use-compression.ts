// Compresses answers for clients that accept it (Accept-Encoding: br, then gzip): GraphQL answers
// and the GraphiQL page. Compressed bytes of responses with an ETag are kept, so the 9 MB page is
// compressed once, not on every load; they are found by a hash of the exact bytes sent, never by the
// ETag: a GraphQL answer's ETag covers its data only, and two callers' answers with the same data
// differ in their own `extensions.cost`. Streams (SSE, multipart @defer) pass through uncompressed:
// a compressor would hold back their parts.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import type { Plugin } from 'graphql-yoga';
import { appendVary } from './use-http-caching.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Bodies smaller than this are sent as they are: compression would not pay for itself. */
export const MIN_COMPRESSED_BYTES = 1_024;
type Encoding = 'br' | 'gzip';

/** The best encoding the client accepts (q-values honoured, q=0 refuses), or undefined. */
export function negotiateEncoding(acceptEncoding: string | null): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (encoding: string) => weights.get(encoding) ?? weights.get('*') ?? 0;
  const candidates = (['br', 'gzip'] as const).filter((encoding) => weight(encoding) > 0);
  return candidates.sort((a, b) => weight(b) - weight(a))[0];
}

function compress(body: Uint8Array, encoding: Encoding): Promise<Buffer> {
  // Fast settings: answers are compressed per request; brotli 5 is about gzip's speed, smaller.
  return encoding === 'br'
    ? brotli(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: body.byteLength } })
    : gzipAsync(body, { level: 6 });
}

export function useCompression(): Plugin {
  // Compressed bodies of responses with an ETag (the GraphiQL page, GET answers), by encoding and
  // SHA-256 of the uncompressed bytes, bounded by bytes.
  const compressed = new LRUCache<string, Buffer>({ maxSize: 32 * 1024 * 1024, sizeCalculation: (value) => Math.max(1, value.byteLength) });
  return {
    async onResponse({ request, response, setResponse }) {
      if (response.status === 304) {
        // A 304 repeats the Vary of the 200 it stands for (RFC 9110 15.4.5), or a cache keyed on it
        // would serve one encoding's bytes to a client that asked for another.
        const headers = new Headers(response.headers);
        appendVary(headers, 'Accept-Encoding');
        setResponse(new Response(null, { status: 304, headers }));
        return;
      }
      if (!response.body || response.headers.has('content-encoding') || response.status === 204) return;
      const type = response.headers.get('content-type') ?? '';
      if (type.startsWith('text/event-stream') || type.startsWith('multipart/')) return;
      const headers = new Headers(response.headers);
      appendVary(headers, 'Accept-Encoding');
      const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
      const body = new Uint8Array(await response.arrayBuffer());
      if (!encoding || body.byteLength < MIN_COMPRESSED_BYTES) {
        setResponse(new Response(body, { status: response.status, headers }));
        return;
      }
      const key = response.headers.has('etag') ? `${encoding} ${createHash('sha256').update(body).digest('base64url')}` : undefined;
      let output = key ? compressed.get(key) : undefined;
      if (!output) {
        output = await compress(body, encoding);
        if (key) compressed.set(key, output);
      }
      headers.set('content-encoding', encoding);
      headers.set('content-length', String(output.byteLength));
      setResponse(new Response(new Uint8Array(output.buffer, output.byteOffset, output.byteLength) as Uint8Array<ArrayBuffer>, { status: response.status, headers }));
    },
  };
}
