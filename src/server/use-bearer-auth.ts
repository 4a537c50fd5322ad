// Bearer auth in front of the GraphQL endpoint: opaque tokens stored only as SHA-256 hashes
// (constant-time comparison), or JWTs verified against the identity provider's JWKS (signature,
// issuer, audience, expiry). /health stays open for load balancers, and the GraphiQL page (static
// HTML, no data) loads without a token so that one can be typed into its headers.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';

/** Resolves to undefined when the token is good, else to why it is not. */
export type BearerVerifier = (token: string) => Promise<string | undefined> | string | undefined;

export function tokenHashVerifier(tokenSha256: readonly string[]): BearerVerifier {
  const accepted = tokenSha256.map((hex) => Buffer.from(hex, 'hex'));
  return (token) => {
    const digest = createHash('sha256').update(token).digest();
    // Compare against every hash so timing does not reveal which one (or whether any) matched.
    let match = false;
    for (const hash of accepted) match = timingSafeEqual(digest, hash) || match;
    return match ? undefined : 'invalid bearer token';
  };
}

export interface JwtVerifierOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

export function jwtVerifier(options: JwtVerifierOptions): BearerVerifier {
  // jose caches the key set and refetches it (rate-limited) when a token names an unknown key.
  const keys = createRemoteJWKSet(new URL(options.jwksUrl));
  return async (token) => {
    try {
      await jwtVerify(token, keys, { issuer: options.issuer, audience: options.audience, clockTolerance: 5 });
      return undefined;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) return 'invalid bearer token: the JWT has expired';
      if (error instanceof joseErrors.JWTClaimValidationFailed) return `invalid bearer token: JWT claim "${error.claim}" is not accepted`;
      if (error instanceof joseErrors.JOSEError) return `invalid bearer token: ${error.code}`;
      throw error;
    }
  };
}

function unauthenticated(message: string): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] }), {
    status: 401,
    headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="tinkr-gateway"' },
  });
}

export function useBearerAuth(options: { verify: BearerVerifier; openPaths?: string[] }): Plugin {
  const openPaths = new Set(options.openPaths ?? ['/health']);
  return {
    async onRequest({ request, url, endResponse }) {
      if (openPaths.has(url.pathname)) return;
      if (request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html') && !url.searchParams.has('query')) return;
      const header = request.headers.get('authorization');
      if (!header) return endResponse(unauthenticated('missing bearer token: send "Authorization: Bearer <token>"'));
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) return endResponse(unauthenticated('invalid bearer token'));
      const problem = await options.verify(match[1]!);
      if (problem !== undefined) return endResponse(unauthenticated(problem));
    },
  };
}
