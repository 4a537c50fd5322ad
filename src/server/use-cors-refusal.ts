// A CORS preflight from a page whose origin is not in server.cors_origins is answered 403 with a
// body that says so (yoga answers every preflight 204 and lets the browser fail on the missing
// Access-Control-Allow-Origin, and without cors_origins the preflight met the CSRF check): the
// developer on a dev server at another origin sees, in the network panel, which setting to change.
// Allowed origins are left to yoga's CORS headers.
import type { Plugin } from 'graphql-yoga';

export interface CorsRefusalOptions {
  /** server.cors_origins ("*": any origin). */
  origins: readonly string[];
}

export function corsOriginAllowed(origin: string, origins: readonly string[]): boolean {
  return origins.includes('*') || origins.includes(origin);
}

/** What a refusal says, for HTTP preflights and WebSocket upgrades alike. */
export function corsRefusalMessage(origin: string, origins: readonly string[], what: string): string {
  const listed = origins.length === 0 ? 'server.cors_origins is empty' : `it is not one of the ${origins.length} origins in server.cors_origins`;
  return `CORS: ${what} from a page on origin ${origin} is refused: ${listed}; add the origin there to let its pages call this gateway`;
}

export function useCorsRefusal(options: CorsRefusalOptions): Plugin {
  return {
    onResponse({ request, setResponse }) {
      if (request.method !== 'OPTIONS') return;
      const origin = request.headers.get('origin');
      if (origin === null || !request.headers.has('access-control-request-method')) return;
      if (corsOriginAllowed(origin, options.origins)) return;
      const body = JSON.stringify({
        errors: [{ message: corsRefusalMessage(origin, options.origins, 'a cross-origin request'), extensions: { code: 'CORS_ORIGIN_REFUSED', origin, setting: 'server.cors_origins' } }],
      });
      setResponse(new Response(body, { status: 403, headers: { 'content-type': 'application/json; charset=utf-8' } }));
    },
  };
}
