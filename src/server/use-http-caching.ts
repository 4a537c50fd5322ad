// HTTP caching of GET answers: a GraphQL answer carries `Cache-Control: private, max-age=<seconds
// until its aligned windows move on>` (no-store when it holds errors) and a weak ETag of its data,
// so a dashboard that polls with If-None-Match gets 304 Not Modified while nothing changed. The
// GraphiQL page (static, no data) is public and revalidated by ETag. `extensions.cost` is left out
// of the ETag: it says what this request cost, not what the data is.
import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { RequestContext } from '../runtime/request-context.ts';

const GRAPHIQL_MAX_AGE_SECONDS = 3_600;
const contexts = new WeakMap<Request, RequestContext>();

/** Lets the plugin find the request's context (its freshness) when the response goes out. */
export function rememberRequestContext(request: Request, context: RequestContext): void {
  contexts.set(request, context);
}

function weakEtag(text: string): string {
  return `W/"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
}

/** RFC 9110 If-None-Match: weak comparison against a list of tags, or `*`. */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

export function appendVary(headers: Headers, ...names: string[]): void {
  const present = (headers.get('vary') ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) if (!present.some((p) => p.toLowerCase() === name.toLowerCase())) present.push(name);
  headers.set('vary', present.join(', '));
}

function withHeaders(response: Response, body: string | null, status: number, set: Record<string, string>, vary: string[]): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(set)) headers.set(name, value);
  appendVary(headers, ...vary);
  if (body === null) {
    headers.delete('content-length');
    headers.delete('content-type');
  }
  return new Response(body, { status, headers });
}

export function useHttpCaching(options: { graphqlEndpoint: string }): Plugin {
  return {
    async onResponse({ request, response, setResponse }) {
      if (request.method !== 'GET' || response.status !== 200 || !response.body) return;
      if (new URL(request.url).pathname !== options.graphqlEndpoint) return;
      const type = response.headers.get('content-type') ?? '';
      if (type.startsWith('text/html')) {
        const page = await response.text();
        const etag = weakEtag(page);
        const set = { etag, 'cache-control': `public, max-age=${GRAPHIQL_MAX_AGE_SECONDS}` };
        const vary = ['Accept'];
        setResponse(etagMatches(request.headers.get('if-none-match'), etag) ? withHeaders(response, null, 304, set, vary) : withHeaders(response, page, 200, set, vary));
        return;
      }
      if (!type.startsWith('application/json') && !type.startsWith('application/graphql-response+json')) return;
      const text = await response.text();
      const vary = ['Accept', 'Authorization'];
      let answer: { data?: unknown; errors?: unknown };
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        setResponse(withHeaders(response, text, response.status, { 'cache-control': 'no-store' }, vary));
        return;
      }
      const context = contexts.get(request);
      if (answer.errors !== undefined || !context) {
        setResponse(withHeaders(response, text, response.status, { 'cache-control': 'no-store' }, vary));
        return;
      }
      const etag = weakEtag(JSON.stringify(answer.data ?? null));
      const set = { etag, 'cache-control': `private, max-age=${context.freshness.maxAgeSeconds(context.now)}` };
      setResponse(etagMatches(request.headers.get('if-none-match'), etag) ? withHeaders(response, null, 304, set, vary) : withHeaders(response, text, 200, set, vary));
    },
  };
}
