// Bearer auth in front of the GraphQL endpoint: opaque tokens stored only as SHA-256 hashes
// (constant-time comparison), or JWTs verified against the identity provider's JWKS (signature,
// issuer, audience, expiry). A good token names a Caller (its scope), which the request context
// carries. /health stays open for load balancers, and the GraphiQL page (static HTML, no data)
// loads without a token so that one can be typed into its headers; nothing else does (/metrics too
// needs a token).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { Caller, grantOf, type Grant } from '../config/caller-scope.ts';
import type { ScopeConfig } from '../config/config-schema.ts';

/** The caller a good token names, or why the token is not good. */
export type BearerVerdict = { caller: Caller } | { problem: string };
export type BearerVerifier = (token: string) => Promise<BearerVerdict> | BearerVerdict;

export interface HashedToken {
  sha256: string;
  caller: Caller;
}

export function tokenHashVerifier(tokens: readonly HashedToken[]): BearerVerifier {
  const accepted = tokens.map((token) => ({ hash: Buffer.from(token.sha256, 'hex'), caller: token.caller }));
  return (token) => {
    const digest = createHash('sha256').update(token).digest();
    // Compare against every hash so timing does not reveal which one (or whether any) matched.
    let caller: Caller | undefined;
    for (const entry of accepted) if (timingSafeEqual(digest, entry.hash)) caller = entry.caller;
    return caller ? { caller } : { problem: 'invalid bearer token' };
  };
}

export interface JwtVerifierOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** Claim naming the caller (default "sub"). */
  nameClaim?: string;
  /** Refuse tokens without `exp` (default true). */
  requireExp?: boolean;
  /** Claim whose values pick entries of `scopes`; absent: every valid JWT reads everything. */
  scopeClaim?: string;
  scopes?: Readonly<Record<string, ScopeConfig>>;
}

/** Values of a scope claim: an array of strings, or one space-separated string (OAuth's `scope`). */
function claimValues(payload: JWTPayload, claim: string): string[] {
  const value = payload[claim];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return [];
}

export function jwtCaller(payload: JWTPayload, options: Pick<JwtVerifierOptions, 'nameClaim' | 'scopeClaim' | 'scopes'>): Caller {
  const nameValue = payload[options.nameClaim ?? 'sub'];
  const name = `jwt:${typeof nameValue === 'string' && nameValue ? nameValue : '(unnamed)'}`;
  if (!options.scopeClaim) return Caller.unrestricted(name);
  const grants: Grant[] = [];
  for (const value of new Set(claimValues(payload, options.scopeClaim))) {
    const scope = options.scopes?.[value];
    if (scope) grants.push(grantOf(scope));
  }
  return new Caller(name, grants);
}

/** Tokens cannot be checked right now (the identity provider's JWKS did not answer): HTTP 503. */
export class AuthUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuthUnavailableError';
  }
}

export function jwtVerifier(options: JwtVerifierOptions): BearerVerifier {
  // jose caches the key set and refetches it (rate-limited) when a token names an unknown key.
  const keys = createRemoteJWKSet(new URL(options.jwksUrl));
  const jwksHost = new URL(options.jwksUrl).host;
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: 5,
        ...(options.requireExp === false ? {} : { requiredClaims: ['exp'] }),
      });
      return { caller: jwtCaller(payload, options) };
    } catch (error) {
      if (error instanceof joseErrors.JWKSTimeout || !(error instanceof joseErrors.JOSEError)) {
        throw new AuthUnavailableError(`cannot check the bearer token now: the identity provider's key set (${jwksHost}) did not answer; try again shortly`, { cause: error });
      }
      if (error instanceof joseErrors.JWTExpired) return { problem: 'invalid bearer token: the JWT has expired' };
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'exp' && error.reason === 'missing') return { problem: 'invalid bearer token: the JWT has no "exp" (expiry) claim' };
      if (error instanceof joseErrors.JWTClaimValidationFailed) return { problem: `invalid bearer token: JWT claim "${error.claim}" is not accepted` };
      return { problem: `invalid bearer token: ${error.code}` };
    }
  };
}

function authUnavailable(message: string): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code: 'AUTH_UNAVAILABLE' } }] }), {
    status: 503,
    headers: { 'content-type': 'application/json', 'retry-after': '5' },
  });
}

function unauthenticated(message: string): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] }), {
    status: 401,
    headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="tinkr-gateway"' },
  });
}

/** Checks an Authorization header value (also what a WebSocket's connection_init carries). */
export async function verifyAuthorization(verify: BearerVerifier, header: string | null | undefined): Promise<BearerVerdict> {
  if (!header) return { problem: 'missing bearer token: send "Authorization: Bearer <token>"' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return { problem: 'invalid bearer token' };
  return verify(match[1]!);
}

const callers = new WeakMap<Request, Caller>();

/** The caller the auth plugin accepted for this request, if any. */
export function callerOfRequest(request: Request): Caller | undefined {
  return callers.get(request);
}

export interface BearerAuthOptions {
  verify: BearerVerifier;
  openPaths?: string[];
  /** Where the GraphiQL page is served (it opens without a token); undefined when GraphiQL is off. */
  graphiqlPath?: string;
  /** Told about every refused request (the audit log). */
  onRefused?: (request: Request, problem: string) => void;
}

export function useBearerAuth(options: BearerAuthOptions): Plugin {
  const openPaths = new Set(options.openPaths ?? ['/health']);
  return {
    async onRequest({ request, url, endResponse }) {
      if (openPaths.has(url.pathname)) return;
      // Only the GraphiQL page itself (the URL is already normalised: /graphql/../metrics is /metrics).
      const { graphiqlPath } = options;
      const asksForData = ['query', 'documentId', 'extensions'].some((name) => url.searchParams.has(name));
      const isGraphiQLPage = graphiqlPath !== undefined && (url.pathname === graphiqlPath || url.pathname === `${graphiqlPath}/`);
      if (isGraphiQLPage && request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html') && !asksForData) return;
      let verdict: BearerVerdict;
      try {
        verdict = await verifyAuthorization(options.verify, request.headers.get('authorization'));
      } catch (error) {
        if (error instanceof AuthUnavailableError) return endResponse(authUnavailable(error.message));
        throw error;
      }
      if ('problem' in verdict) {
        options.onRefused?.(request, verdict.problem);
        return endResponse(unauthenticated(verdict.problem));
      }
      callers.set(request, verdict.caller);
    },
  };
}
