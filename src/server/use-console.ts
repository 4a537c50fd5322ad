// The web console at /console: static files (HTML, the bundled script and stylesheet) read once from
// src/console/public. They hold no data: every piece of data the console shows comes from /graphql,
// with the bearer token the user types into the page, so the console sits behind the same auth as
// any other GraphQL client. A browser cannot send a bearer token when it navigates, so these files
// are served before the auth plugin runs, as GraphiQL's page is.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';

export interface UseConsoleOptions {
  /** Where the console is served; default "/console". */
  path?: string;
  /** The directory of index.html, console.js, console.css and the chunks; default src/console/public (dist/console/public when built). */
  directory?: string;
}

interface StaticFile {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  etag: string;
}

/** index.html and the bundle's files (console.js, console.css and the chunks it loads on demand). */
const CONSOLE_FILE = /^(index\.html|[a-z][A-Za-z0-9.-]*\.(js|css))$/;

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

// Only the console's own files; data only from this origin's /graphql.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export const DEFAULT_CONSOLE_DIRECTORY = fileURLToPath(new URL('../console/public/', import.meta.url));

function loadFiles(directory: string): Map<string, StaticFile> | Error {
  const files = new Map<string, StaticFile>();
  try {
    for (const name of readdirSync(directory).filter((entry) => CONSOLE_FILE.test(entry))) {
      const body = new Uint8Array(readFileSync(`${directory}/${name}`));
      const contentType = CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1)] as string;
      files.set(name, { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
    }
    for (const name of ['index.html', 'console.js', 'console.css']) if (!files.has(name)) throw new Error(`no ${name}`);
  } catch (error) {
    return new Error(`the console's files are missing from ${directory} (${(error as Error).message}); run npm run build:console`);
  }
  return files;
}

export function useConsole(options: UseConsoleOptions = {}): Plugin {
  const base = options.path ?? '/console';
  const directory = options.directory ?? DEFAULT_CONSOLE_DIRECTORY;
  let files: Map<string, StaticFile> | Error | undefined;
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return endResponse(new Response('method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } }));
      }
      // Relative asset URLs in index.html resolve under /console/ only with the trailing slash.
      if (url.pathname === base) return endResponse(new Response(null, { status: 308, headers: { location: `${base}/${url.search}` } }));
      files ??= loadFiles(directory);
      if (files instanceof Error) return endResponse(new Response(files.message, { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
      const name = url.pathname.slice(base.length + 1) || 'index.html';
      const file = files.get(name);
      if (!file) return endResponse(new Response(`no console file ${name}`, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
      const headers = { 'content-type': file.contentType, etag: file.etag, 'cache-control': 'no-cache', ...SECURITY_HEADERS };
      if (request.headers.get('if-none-match') === file.etag) return endResponse(new Response(null, { status: 304, headers }));
      return endResponse(new Response(request.method === 'HEAD' ? null : file.body, { status: 200, headers }));
    },
  };
}
