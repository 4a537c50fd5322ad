// Bearer-token auth in front of the GraphQL endpoint. Tokens are stored only as SHA-256 hashes;
// the comparison is constant-time. /health stays open for load balancers, and the GraphiQL page
// (static HTML, no data) loads without a token so that one can be typed into its headers.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

export interface BearerAuthOptions {
  /** Hex SHA-256 hashes of the accepted tokens. */
  tokenSha256: string[];
  openPaths?: string[];
}

function unauthenticated(message: string): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] }), {
    status: 401,
    headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="tinkr-gateway"' },
  });
}

export function useBearerAuth(options: BearerAuthOptions): Plugin {
  const accepted = options.tokenSha256.map((hex) => Buffer.from(hex, 'hex'));
  const openPaths = new Set(options.openPaths ?? ['/health']);
  const isAccepted = (token: string) => {
    const digest = createHash('sha256').update(token).digest();
    // Compare against every hash so timing does not reveal which one (or whether any) matched.
    let match = false;
    for (const hash of accepted) match = timingSafeEqual(digest, hash) || match;
    return match;
  };
  return {
    onRequest({ request, url, endResponse }) {
      if (openPaths.has(url.pathname)) return;
      if (request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html') && !url.searchParams.has('query')) return;
      const header = request.headers.get('authorization');
      if (!header) return endResponse(unauthenticated('missing bearer token: send "Authorization: Bearer <token>"'));
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match || !isAccepted(match[1]!)) return endResponse(unauthenticated('invalid bearer token'));
    },
  };
}
