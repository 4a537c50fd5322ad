// An identity provider for the JWT tests: a JWKS endpoint on loopback serving one RS256 key, and a
// signer for tokens made with it (issuer and audience as the tests' gateways expect them).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export const TEST_ISSUER = 'https://idp.example.com/';
export const TEST_AUDIENCE = 'tinkr-gateway';

export interface TokenOptions {
  /** Claims besides iss/aud/iat/exp; `sub` defaults to "dashboard". */
  claims?: Record<string, unknown>;
  issuer?: string;
  audience?: string;
  /** A jose time span such as "5m" (the default), an `exp` in epoch seconds, or null for a token without `exp`. */
  expiresIn?: string | number | null;
}

export interface JwksServer {
  /** The JWKS document's URL. */
  url: string;
  sign(options?: TokenOptions): Promise<string>;
  close(): Promise<void>;
}

export async function startJwksServer(): Promise<JwksServer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  const server = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  return {
    url,
    sign: ({ claims = {}, issuer = TEST_ISSUER, audience = TEST_AUDIENCE, expiresIn = '5m' } = {}) => {
      const jwt = new SignJWT({ sub: 'dashboard', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt();
      return (expiresIn === null ? jwt : jwt.setExpirationTime(expiresIn)).sign(privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
