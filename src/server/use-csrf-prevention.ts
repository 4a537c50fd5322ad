// CSRF prevention (graphql-yoga's plugin): a request a browser may send without a CORS preflight (a
// GET, a form or text/plain POST) must carry one of `requestHeaders`. The plugin's refusal has no
// `extensions.code` and does not say what to send; this one has both.
import { useCSRFPrevention as useYogaCsrfPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export interface CsrfPreventionOptions {
  /** Any one of these headers makes a simple request acceptable. */
  requestHeaders: string[];
}

export function useCsrfPrevention(options: CsrfPreventionOptions): Plugin {
  const inner = useYogaCsrfPrevention({ requestHeaders: options.requestHeaders }) as Plugin;
  const check = inner.onRequestParse;
  if (!check) throw new Error('@graphql-yoga/plugin-csrf-prevention no longer checks in onRequestParse');
  return {
    onRequestParse(payload) {
      try {
        return check(payload);
      } catch {
        throw createGraphQLError(
          `a GET or a form/text POST must carry one of the headers ${options.requestHeaders.map((name) => `"${name}"`).join(', ')} (or be a POST of application/json): browsers send such requests to other sites without asking (CSRF)`,
          { extensions: { code: 'CSRF_HEADER_MISSING', http: { status: 403 } } },
        );
      }
    },
  };
}
