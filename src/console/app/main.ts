// The console's shell: header (pages, profile, token), the cost bar, the page area, and a hash
// router (the server serves one page; every view is a URL that can be shared or bookmarked).
import 'uplot/dist/uPlot.min.css';
import './console.css';
import { ConsoleProfilesDocument } from '../generated/graphql.ts';
import { formatBytes, formatDuration, h, pageHref, replaceChildren } from './dom.ts';
import { AuthRequiredError, request, storedToken, storeToken, type AwsCost } from './graphql-client.ts';
import { renderOverview } from './pages/overview-page.ts';
import { renderServiceMap } from './pages/service-map-page.ts';
import { renderService } from './pages/service-page.ts';
import { renderTrace } from './pages/trace-page.ts';
import { rangeFromParams, type PageContext, type PageTimings } from './shell.ts';

type PageRenderer = (context: PageContext) => Promise<void>;

const PAGES: Record<string, { title: string; render: PageRenderer; nav?: string }> = {
  overview: { title: 'Overview', render: renderOverview, nav: 'Overview' },
  service: { title: 'Service', render: renderService },
  trace: { title: 'Trace', render: renderTrace },
  map: { title: 'Service map', render: renderServiceMap, nav: 'Service map' },
};

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;
const costBar = document.getElementById('cost') as HTMLElement;
const liveStatus = document.getElementById('status') as HTMLElement;
const profileSelect = document.getElementById('profile') as HTMLSelectElement;
const tokenButton = document.getElementById('token-button') as HTMLButtonElement;

let pageController: AbortController | undefined;

interface Route {
  page: string;
  segments: string[];
  params: URLSearchParams;
}

function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = hash.split('?', 2);
  const [page = 'overview', ...segments] = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { page: PAGES[page] ? page : 'overview', segments, params: new URLSearchParams(search) };
}

function announce(message: string): void {
  liveStatus.textContent = message;
}

/** Whether the user opened the per-action list: kept from page to page. */
let costActionsOpen = false;

/**
 * The cost bar, docked under the header in the page's flow (it never covers the page): what the
 * page's one GraphQL request cost in AWS (extensions.cost) and when its parts were drawn, with the
 * calls per AWS action in a disclosure that opens with the keyboard too.
 */
function showCost(operation: string, cost: AwsCost | undefined, timings: PageTimings): void {
  const calls = Object.entries(cost?.calls ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const timing: string[] = [];
  if (timings.firstPaintMs !== undefined) timing.push(`first paint ${formatDuration(timings.firstPaintMs)}`);
  if (timings.deferredMs !== undefined) timing.push(`${timings.deferredLabel ?? 'deferred part'} ${formatDuration(timings.deferredMs)}`);
  if (timings.totalMs !== undefined) timing.push(`answer ${formatDuration(timings.totalMs)}`);
  const figure = (label: string, value: string, testId?: string) => h('div', {}, h('dt', {}, label), h('dd', { 'data-testid': testId }, value));
  const actions = calls.length
    ? h(
        'details',
        { class: 'cost-actions', open: costActionsOpen, ontoggle: (event: Event) => (costActionsOpen = (event.currentTarget as HTMLDetailsElement).open) },
        h('summary', {}, 'calls per action'),
        h('ul', {}, ...calls.map(([action, count]) => h('li', {}, h('code', {}, action), ` ${count.calls} call${count.calls === 1 ? '' : 's'}${count.attempts !== count.calls ? `, ${count.attempts} attempts` : ''}`))),
      )
    : null;
  replaceChildren(
    costBar,
    h('h2', {}, 'What this page cost'),
    h('p', { class: 'cost-operation' }, h('code', {}, operation), ' · one GraphQL request'),
    cost
      ? h(
          'dl',
          {},
          figure('AWS calls', String(cost.totalCalls ?? 0), 'total-calls'),
          figure('Logs Insights scanned', formatBytes(cost.logsBytesScanned)),
          figure('metric series', String(cost.metricsRequested ?? 0)),
          figure('traces fetched', String(cost.tracesFetched ?? 0)),
          figure('answers shared', String(cost.cacheHits ?? 0)),
        )
      : h('p', { class: 'muted' }, 'The answer carried no extensions.cost.'),
    timing.length ? h('p', { class: 'cost-timing', 'data-testid': 'timing' }, timing.join(' · ')) : null,
    actions,
  );
  costBar.dataset.state = 'reported';
}

/** The bar while a page's request runs: the same place, so nothing moves when the cost arrives. */
function awaitCost(): void {
  replaceChildren(costBar, h('h2', {}, 'What this page cost'), h('p', { class: 'muted' }, 'waiting for the page’s request…'));
  costBar.dataset.state = 'pending';
}

function tokenForm(message: string): HTMLElement {
  const input = h('input', { type: 'password', id: 'token-input', autocomplete: 'off', required: true, 'aria-describedby': 'token-help' });
  const form = h(
    'form',
    {
      class: 'token-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        storeToken(input.value.trim());
        void route();
        void loadProfiles();
      },
    },
    h('h1', {}, 'Sign in to the gateway'),
    h('p', { role: 'alert' }, message),
    h('label', { for: 'token-input' }, 'Bearer token'),
    input,
    h('p', { id: 'token-help', class: 'muted' }, 'Sent as "Authorization: Bearer …" with every request to /graphql, and kept in this tab only (sessionStorage).'),
    h('button', { type: 'submit' }, 'Use this token'),
  );
  queueMicrotask(() => input.focus());
  return form;
}

export function showError(target: HTMLElement, error: unknown): void {
  if (error instanceof AuthRequiredError) {
    replaceChildren(main, tokenForm(`The gateway asks for a bearer token: ${error.message}`));
    tokenButton.hidden = false;
    return;
  }
  if (error instanceof DOMException && error.name === 'AbortError') return;
  replaceChildren(target, h('div', { class: 'error', role: 'alert' }, h('strong', {}, 'Request failed: '), error instanceof Error ? error.message : String(error)));
}

async function loadProfiles(): Promise<void> {
  try {
    const answer = await request(ConsoleProfilesDocument, {});
    const profiles = answer.data?.profiles ?? [];
    const chosen = currentRoute().params.get('profile');
    replaceChildren(
      profileSelect,
      ...profiles.map((profile) =>
        h(
          'option',
          { value: profile.name, selected: chosen ? chosen === profile.name : profile.isDefault },
          `${profile.name} (${profile.backend.toLowerCase()}, ${profile.region})${profile.isDefault ? ' · default' : ''}`,
        ),
      ),
    );
    profileSelect.disabled = profiles.length < 2;
  } catch (error) {
    if (!(error instanceof AuthRequiredError)) replaceChildren(profileSelect, h('option', {}, 'profiles unavailable'));
  }
}

function renderNav(page: string, params: URLSearchParams): void {
  const keep = { profile: params.get('profile') ?? undefined, last: params.get('last') ?? undefined, from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
  replaceChildren(
    nav,
    ...Object.entries(PAGES)
      .filter(([, definition]) => definition.nav)
      .map(([name, definition]) => h('a', { href: pageHref(name, keep), 'aria-current': name === page ? 'page' : null }, definition.nav!)),
  );
}

async function route(): Promise<void> {
  pageController?.abort();
  const controller = new AbortController();
  pageController = controller;
  const { page, segments, params } = currentRoute();
  const { range, label } = rangeFromParams(params);
  renderNav(page, params);
  // The picker shows the profile of the URL (links and bookmarks name it).
  const profile = params.get('profile');
  if (profile && [...profileSelect.options].some((option) => option.value === profile)) profileSelect.value = profile;
  document.body.dataset.page = page;
  main.dataset.state = 'loading';
  main.setAttribute('aria-busy', 'true');
  replaceChildren(main, h('p', { class: 'muted' }, 'Loading…'));
  awaitCost();
  const context: PageContext = {
    main,
    segments,
    params,
    profile: params.get('profile') ?? undefined,
    range,
    rangeLabel: label,
    signal: controller.signal,
    reportCost: (operation, cost, timings) => {
      if (!controller.signal.aborted) showCost(operation, cost, timings);
    },
    announce,
    setTitle: (title) => {
      document.title = `${title} · Tinkr console`;
    },
  };
  context.setTitle(PAGES[page]!.title);
  try {
    await PAGES[page]!.render(context);
    if (!controller.signal.aborted) main.dataset.state = 'complete';
  } catch (error) {
    if (controller.signal.aborted) return;
    main.dataset.state = 'error';
    showError(main, error);
  } finally {
    if (!controller.signal.aborted) main.removeAttribute('aria-busy');
  }
}

profileSelect.addEventListener('change', () => {
  const { page, segments, params } = currentRoute();
  params.set('profile', profileSelect.value);
  // A service or trace of one profile is not another profile's: go to that profile's overview.
  location.hash = page === 'service' || page === 'trace' ? pageHref('overview', Object.fromEntries(params)) : pageHref([page, ...segments].join('/'), Object.fromEntries(params));
});
tokenButton.addEventListener('click', () => {
  storeToken(null);
  replaceChildren(main, tokenForm('Type the bearer token to use in this tab.'));
});
tokenButton.hidden = storedToken() === null;
window.addEventListener('hashchange', () => void route());
// Charts take their colours from the theme when drawn: redraw when the theme changes.
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => void route());

void loadProfiles();
void route();
