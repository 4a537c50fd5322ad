// Bounds a request body before it is buffered or parsed: a Content-Length over server.max_body is
// refused at once, and a chunked body is counted as it streams and refused at the first byte past
// the limit (HTTP 413, LIMIT_EXCEEDED). yoga's parsers would otherwise read any size into memory.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LIMIT_EXCEEDED } from '../schema/graphql-errors.ts';

export interface BodyLimitOptions {
  /** The largest request body in bytes (server.max_body). */
  maxBytes: number;
}

function tooLarge(maxBytes: number, found?: number): GraphQLError {
  return new GraphQLError(`the request body is larger than server.max_body (${maxBytes} bytes)`, {
    extensions: { code: LIMIT_EXCEEDED, limit: 'server.max_body', max: maxBytes, ...(found === undefined ? {} : { found }), http: { status: 413 } },
  });
}

/** The body's bytes, read until `maxBytes` and no further. */
async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export function useBodyLimit(options: BodyLimitOptions): Plugin {
  const { maxBytes } = options;
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (!request.body || !requestParser) return;
      const declared = request.headers.get('content-length');
      if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes, Number(declared));
      setRequestParser(async (original) => {
        const bytes = await readCapped(original.body as ReadableStream<Uint8Array>, maxBytes);
        const copy = new fetchAPI.Request(original.url, { method: original.method, headers: original.headers, body: bytes });
        return requestParser(copy);
      });
    },
  };
}
