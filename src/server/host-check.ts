// DNS rebinding guard for a gateway without auth: a page on attacker.example whose name is made to
// resolve to 127.0.0.1 can send requests to the gateway from the victim's browser, but its requests
// carry `Host: attacker.example`. With auth = "none" only Host names that are the gateway's own are
// served: loopback names and addresses, the listening host, and `server.allowed_hosts`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHost, type ServerConfig } from '../config/config-schema.ts';

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/** The host name of a Host header value (`name`, `name:port`, `[v6]:port`), lower-cased; undefined if malformed. */
export function hostNameOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    const { hostname, username, password, pathname } = new URL(`http://${header}`);
    if (username || password || pathname !== '/') return undefined;
    return hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

/** Undefined when every Host is fine (auth is on, or allowed_hosts has "*"), else the check. */
export function hostCheckOf(server: Pick<ServerConfig, 'auth' | 'host' | 'allowed_hosts'>): ((header: string | undefined) => boolean) | undefined {
  if (server.auth !== 'none' || server.allowed_hosts.includes('*')) return undefined;
  const allowed = new Set(server.allowed_hosts.map((host) => host.toLowerCase()));
  if (!WILDCARD_HOSTS.has(server.host)) allowed.add(server.host.toLowerCase());
  return (header) => {
    const name = hostNameOf(header);
    return name !== undefined && (isLoopbackHost(name) || allowed.has(name));
  };
}

/** Answers a request whose Host is not the gateway's: 403 as GraphQL JSON with a code. */
export function refuseHost(request: IncomingMessage, response: ServerResponse): void {
  const message = `Host "${request.headers.host ?? ''}" is not this gateway's: without auth only loopback names, the listening host and server.allowed_hosts are served (DNS rebinding protection)`;
  const body = JSON.stringify({ errors: [{ message, extensions: { code: 'FORBIDDEN_HOST' } }] });
  response.writeHead(403, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
