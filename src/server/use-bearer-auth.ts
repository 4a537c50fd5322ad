// Bearer auth in front of the GraphQL endpoint: opaque tokens stored only as SHA-256 hashes
// (constant-time comparison), or JWTs verified against the identity provider's JWKS (signature,
// issuer, audience, expiry). A good token names a Caller (its scope), which the request context
// carries. /health stays open for load balancers, and the GraphiQL page (static HTML, no data)
// loads without a token so that one can be typed into its headers; nothing else does (/metrics too
// needs a token).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { createRemoteJWKSet, customFetch, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { Caller, grantsOfClaimValues } from '../config/caller-scope.ts';
import type { ScopeConfig } from '../config/config-schema.ts';

/**
 * The caller a good token names and, for a JWT with `exp`, when it stops being good (epoch ms, the
 * clock tolerance included): live operations end then. Or why the token is not good.
 */
export type BearerVerdict = { caller: Caller; expiresAt?: number } | { problem: string };
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
  const value = Object.hasOwn(payload, claim) ? payload[claim] : undefined;
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return [];
}

export function jwtCaller(payload: JWTPayload, options: Pick<JwtVerifierOptions, 'nameClaim' | 'scopeClaim' | 'scopes'>): Caller {
  const nameClaim = options.nameClaim ?? 'sub';
  const nameValue = Object.hasOwn(payload, nameClaim) ? payload[nameClaim] : undefined;
  const name = `jwt:${typeof nameValue === 'string' && nameValue ? nameValue : '(unnamed)'}`;
  if (!options.scopeClaim) return Caller.unrestricted(name);
  return new Caller(name, grantsOfClaimValues(claimValues(payload, options.scopeClaim), options.scopes));
}

/** Tokens cannot be checked right now (the identity provider's JWKS did not answer): HTTP 503. */
export class AuthUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuthUnavailableError';
  }
}

/** Seconds a JWT's `exp` (and `nbf`) may be off: the identity provider's clock is not ours. */
export const JWT_CLOCK_TOLERANCE_SECONDS = 5;
/** A JWKS larger than this is refused before it is parsed (a real one holds a few keys: a few KiB). */
const MAX_JWKS_BYTES = 1_048_576;

/** The key set could not be fetched or used: what the identity provider answered, in words. */
class KeySetUnavailable extends Error {}

/**
 * Fetches the JWKS for jose and checks the answer first: any status but 200, a body past
 * MAX_JWKS_BYTES, text that is not JSON or JSON that is not a key set is KeySetUnavailable, so that
 * it answers 503 AUTH_UNAVAILABLE (no JWT can be checked) instead of passing for a bad token.
 */
async function fetchKeySet(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') throw error; // jose's own JWKSTimeout
    throw new KeySetUnavailable('could not be reached', { cause: error });
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new KeySetUnavailable(`answered HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_JWKS_BYTES) {
    await response.body?.cancel();
    throw new KeySetUnavailable(`answered ${declared} bytes (more than ${MAX_JWKS_BYTES})`);
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of response.body ?? []) {
    bytes += chunk.byteLength;
    if (bytes > MAX_JWKS_BYTES) throw new KeySetUnavailable(`answered more than ${MAX_JWKS_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeySetUnavailable('answered something that is not JSON');
  }
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'object' && key !== null && !Array.isArray(key))) {
    throw new KeySetUnavailable('answered JSON that is not a key set ({"keys": [...]})');
  }
  return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
}

export function jwtVerifier(options: JwtVerifierOptions): BearerVerifier {
  // jose caches the key set and refetches it (rate-limited) when a token names an unknown key.
  const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(options.jwksUrl), { [customFetch]: fetchKeySet });
  const jwksHost = new URL(options.jwksUrl).host;
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: JWT_CLOCK_TOLERANCE_SECONDS,
        ...(options.requireExp === false ? {} : { requiredClaims: ['exp'] }),
      });
      // Good until jose would refuse it: `exp` plus the same tolerance.
      const expiresAt = typeof payload.exp === 'number' ? (payload.exp + JWT_CLOCK_TOLERANCE_SECONDS) * 1_000 : undefined;
      return { caller: jwtCaller(payload, options), ...(expiresAt !== undefined ? { expiresAt } : {}) };
    } catch (error) {
      if (error instanceof KeySetUnavailable) {
        throw new AuthUnavailableError(`cannot check the bearer token now: the identity provider's key set (${jwksHost}) ${error.message}; try again shortly`, { cause: error });
      }
      if (error instanceof joseErrors.JWKSTimeout) {
        throw new AuthUnavailableError(`cannot check the bearer token now: the identity provider's key set (${jwksHost}) did not answer in time; try again shortly`, { cause: error });
      }
      if (error instanceof joseErrors.JWKSInvalid || !(error instanceof joseErrors.JOSEError)) {
        throw new AuthUnavailableError(`cannot check the bearer token now: the identity provider's key set (${jwksHost}) holds no key that can be used; try again shortly`, { cause: error });
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

const credentials = new WeakMap<Request, { caller: Caller; expiresAt?: number }>();

/** The caller the auth plugin accepted for this request, if any. */
export function callerOfRequest(request: Request): Caller | undefined {
  return credentials.get(request)?.caller;
}

/** When the token of this request stops being good (epoch ms); undefined: never (or no token). */
export function credentialsExpiryOfRequest(request: Request): number | undefined {
  return credentials.get(request)?.expiresAt;
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
      credentials.set(request, verdict);
    },
  };
}
