// CSRF prevention by where a browser says a request comes from (Fetch Metadata), the rule of Go's
// net/http CrossOriginProtection applied to GraphQL's reads too (a query spends the AWS budget):
// a request a browser sends to another site without a CORS preflight (a GET, a form or text/plain
// POST) is refused when it comes from a page that is neither the gateway's own origin nor one of
// `server.cors_origins`:
// - `Sec-Fetch-Site` (every browser since 2023): `same-origin` and `none` (typed in the address
//   bar, a bookmark) pass; `same-site` and `cross-site` pass only with an `Origin` in cors_origins;
// - without it (an older browser), an `Origin` that is not the gateway's own nor in cors_origins is
//   refused;
// - neither header: not a browser (curl, a server, a test) or an older browser's same-origin GET,
//   which pass.
// A request carrying one of `requestHeaders` passes: a browser sends a custom header or
// Authorization to another origin only after a CORS preflight that the allowlist answered.
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export interface CsrfPreventionOptions {
  /** Any one of these headers makes a request acceptable (browsers preflight them). */
  requestHeaders: string[];
  /** Origins whose pages may call the gateway (server.cors_origins; "*": any origin). */
  trustedOrigins: readonly string[];
}

/** Content types a browser may POST to another origin without a preflight (the Fetch standard's). */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

function sentWithoutPreflight(request: Request): boolean {
  const type = request.headers.get('content-type')?.trim().toLowerCase();
  return !type || SIMPLE_CONTENT_TYPES.some((simple) => type.startsWith(simple));
}

/** Why a request is refused, or undefined when it may go on. */
export function crossSiteRefusal(request: Request, options: CsrfPreventionOptions): string | undefined {
  if (!sentWithoutPreflight(request)) return undefined;
  if (options.requestHeaders.some((name) => request.headers.has(name))) return undefined;
  const site = request.headers.get('sec-fetch-site')?.trim().toLowerCase();
  const origin = request.headers.get('origin');
  const trusted = origin !== null && (options.trustedOrigins.includes('*') || options.trustedOrigins.includes(origin));
  if (site) {
    if (site === 'same-origin' || site === 'none' || trusted) return undefined;
    return `Sec-Fetch-Site: ${site}, ${origin === null ? 'no Origin' : `Origin: ${origin}`}`;
  }
  if (origin === null || trusted) return undefined;
  try {
    if (new URL(origin).host === new URL(request.url).host) return undefined;
  } catch {
    // `Origin: null` (a sandboxed frame, a file: page) or malformed: not the gateway's own.
  }
  return `Origin: ${origin}, no Sec-Fetch-Site`;
}

export function useCsrfPrevention(options: CsrfPreventionOptions): Plugin {
  const headers = options.requestHeaders.map((name) => `"${name}"`).join(' or ');
  return {
    onRequestParse({ request }) {
      const seen = crossSiteRefusal(request, options);
      if (seen === undefined) return;
      throw createGraphQLError(
        `a browser sent this request from a page of another site (${seen}): a GET or a form/text POST is accepted from the gateway's own origin, from an origin listed in server.cors_origins, from non-browser clients, or with the header ${headers} (which a page on another origin can send only after a CORS preflight); this refusal prevents cross-site request forgery (CSRF)`,
        {
          extensions: {
            code: 'CSRF_REFUSED',
            secFetchSite: request.headers.get('sec-fetch-site'),
            origin: request.headers.get('origin'),
            setting: 'server.cors_origins',
            http: { status: 403 },
          },
        },
      );
    },
  };
}
