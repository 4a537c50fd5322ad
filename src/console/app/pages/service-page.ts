// Service page: the service's metric charts over the chosen range, its faulty traces, its recent
// ERROR lines (deferred) linking to their traces, and a live tail (the `tail` subscription, SSE).
import { ConsoleServiceDocument, ConsoleTailDocument, type ConsoleServiceQuery, type ConsoleTailSubscription } from '../../generated/graphql.ts';
import { bucketWindow, timeSeriesChart } from '../charts.ts';
import { append, formatBytes, formatDuration, formatNumber, formatTime, h, pageHref, replaceChildren } from '../dom.ts';
import { streamQuery, subscribe } from '../graphql-client.ts';
import { rangePicker } from '../range-picker.ts';
import type { PageContext } from '../shell.ts';
import { errorsAt, fieldError } from './field-errors.ts';

type ServiceData = NonNullable<ConsoleServiceQuery['service']>;
type TailEvent = ConsoleTailSubscription['tail'];

/** Lines kept in the live tail view; older ones are dropped (and counted). */
const TAIL_KEEP = 500;

function chartWidth(main: HTMLElement): number {
  const width = main.clientWidth || 960;
  // Two charts a row on a wide screen (panel padding and the grid gap taken off).
  return Math.max(300, Math.floor(width >= 900 ? (width - 90) / 2 : width - 60));
}

function logLevel(level: string | null | undefined): HTMLElement {
  return h('span', { class: `level level-${(level ?? 'none').toLowerCase()}` }, level ?? '–');
}

function traceLink(traceId: string | null | undefined, profile: string | undefined): HTMLElement | string {
  return traceId ? h('a', { href: pageHref(`trace/${encodeURIComponent(traceId)}`, { profile }), class: 'trace-id' }, traceId) : '–';
}

function liveTail(service: string, profile: string | undefined, signal: AbortSignal): HTMLElement {
  const button = h('button', { type: 'button', class: 'toggle', 'aria-pressed': 'false', 'aria-controls': 'tail-lines' }, 'Live tail: off');
  const state = h('span', { class: 'muted', 'data-testid': 'tail-state' }, 'Not following new lines.');
  const list = h('ol', { id: 'tail-lines', class: 'tail-lines', role: 'log', 'aria-label': `New lines of ${service}` });
  let stop: (() => void) | undefined;
  let received = 0;
  const end = (message: string) => {
    stop?.();
    stop = undefined;
    button.setAttribute('aria-pressed', 'false');
    button.textContent = 'Live tail: off';
    state.textContent = message;
  };
  button.addEventListener('click', () => {
    if (stop) return end(`Stopped after ${received} lines.`);
    button.setAttribute('aria-pressed', 'true');
    button.textContent = 'Live tail: on';
    state.textContent = 'Following new lines (polled by the gateway every few seconds)…';
    stop = subscribe(ConsoleTailDocument, { service, profile }, {
      next: (data) => {
        const event: TailEvent = data.tail;
        received++;
        list.prepend(
          h(
            'li',
            { class: 'tail-line' },
            h('time', { datetime: event.timestamp }, formatTime(event.timestamp)),
            ' ',
            logLevel(event.level),
            ' ',
            h('span', { class: 'message' }, event.message),
            event.traceId ? h('span', {}, ' ', traceLink(event.traceId, profile)) : null,
          ),
        );
        while (list.childElementCount > TAIL_KEEP) list.lastElementChild?.remove();
        state.textContent = `Following: ${received} new lines${received > TAIL_KEEP ? ` (showing the newest ${TAIL_KEEP})` : ''}.`;
      },
      error: (error) => end(`The tail stopped: ${error instanceof Error ? error.message : String(error)}`),
      complete: () => end(`The gateway ended the tail after ${received} lines.`),
    });
  });
  signal.addEventListener('abort', () => stop?.());
  return h('section', { class: 'panel', 'aria-labelledby': 'tail-heading' }, h('h2', { id: 'tail-heading' }, 'Live tail'), h('div', { class: 'row' }, button, state), list);
}

function renderLogs(target: HTMLElement, service: ServiceData, errors: Parameters<typeof errorsAt>[0], profile: string | undefined, width: number): void {
  const volume = service.errorVolume;
  const logs = service.errorLogs;
  const parts: HTMLElement[] = [];
  if (volume) {
    const buckets = volume.map((bucket) => ({ timestamp: bucket.start, value: bucket.count }));
    parts.push(timeSeriesChart('ERROR and FATAL lines per bucket', buckets, { width, height: 120, bars: true, tone: 'alert', window: bucketWindow(buckets), allZero: 'No ERROR or FATAL line in this window.' }));
  } else if (volume === null) parts.push(fieldError(errorsAt(errors, ['service', 'errorVolume']), 'ERROR volume unavailable'));
  if (logs) {
    const table = h(
      'table',
      { class: 'log-table' },
      h('caption', {}, `${logs.events.length} newest ERROR/FATAL lines`, logs.truncated ? ' (more matched: narrow the range to see older ones)' : '', logs.status === 'PARTIAL' ? ' · the query timed out: lines found so far' : ''),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Time (UTC)'), h('th', { scope: 'col' }, 'Level'), h('th', { scope: 'col' }, 'Message'), h('th', { scope: 'col', class: 'trace-col' }, 'Trace'))),
      h(
        'tbody',
        {},
        ...logs.events.map((event) =>
          h(
            'tr',
            { class: 'log-row' },
            h('td', {}, h('time', { datetime: event.timestamp }, formatTime(event.timestamp))),
            h('td', {}, logLevel(event.level)),
            h('td', { class: 'message' }, event.message),
            h('td', {}, traceLink(event.traceId, profile)),
          ),
        ),
      ),
    );
    parts.push(table, h('p', { class: 'muted' }, `Logs Insights matched ${formatNumber(logs.statistics.recordsMatched)} records, scanned ${formatBytes(logs.statistics.bytesScanned)} in ${logs.logGroups.length} log groups.`));
  } else if (logs === null) parts.push(fieldError(errorsAt(errors, ['service', 'errorLogs']), 'ERROR lines unavailable'));
  target.removeAttribute('aria-busy');
  target.dataset.state = 'ready';
  replaceChildren(target, h('h2', {}, 'Recent ERROR lines'), ...parts);
}

export async function renderService(context: PageContext): Promise<void> {
  const { main, profile, range } = context;
  const name = context.segments[0];
  if (!name) {
    location.hash = pageHref('overview', Object.fromEntries(context.params));
    return;
  }
  context.setTitle(name);
  const rerange = (params: URLSearchParams) => (location.hash = pageHref(`service/${encodeURIComponent(name)}`, Object.fromEntries(params)));
  const charts = h('section', { class: 'panel', 'aria-labelledby': 'metrics-heading' }, h('h2', { id: 'metrics-heading' }, 'Metrics'), h('p', { class: 'muted' }, 'Loading…'));
  const traces = h('section', { class: 'panel', 'aria-labelledby': 'traces-heading' }, h('h2', { id: 'traces-heading' }, 'Faulty traces'));
  const logs = h('section', { class: 'panel logs-panel', 'aria-busy': 'true', 'data-state': 'pending' }, h('h2', {}, 'Recent ERROR lines'), h('p', { class: 'muted' }, 'Logs Insights is running…'));
  const head = h('div', { class: 'page-head' }, h('h1', {}, name, h('span', { class: 'muted' }, ` · ${context.rangeLabel}`)), rangePicker(context.params, rerange));
  replaceChildren(main, head, charts, logs, traces, liveTail(name, profile, context.signal));

  const width = chartWidth(main);
  const started = performance.now();
  let firstPaintMs: number | undefined;
  await streamQuery(
      ConsoleServiceDocument,
      { name, profile, range },
      (update) => {
        const service = update.data?.service;
        const elapsed = performance.now() - started;
        if (update.index === 0) {
          firstPaintMs = elapsed;
          if (!service) {
            replaceChildren(main, head, fieldError(errorsAt(update.errors, ['service']), `No service ${name}.`));
            return;
          }
          head.querySelector('h1')?.append(h('span', { class: 'resource-type' }, service.resourceType.toLowerCase()), service.repo ? h('span', { class: 'muted' }, ` ${service.repo}`) : '', service.configured ? '' : h('span', { class: 'badge warn' }, 'not in the profile (ad hoc)'));
          if (service.metrics) {
            const grid = h('div', { class: 'chart-grid' });
            for (const series of service.metrics) {
              grid.append(
                timeSeriesChart(`${series.metricName} (${series.stat}, ${series.period}s)`, series.points, {
                  metric: series.metricName,
                  width,
                  unit: series.unit,
                  window: { from: series.from, to: series.to, period: series.period },
                  status: series.status,
                  messages: series.messages,
                }),
              );
            }
            replaceChildren(charts, h('h2', { id: 'metrics-heading' }, 'Metrics'), service.metrics.length ? grid : h('p', { class: 'muted' }, 'This resource type has no standard metrics.'));
          } else replaceChildren(charts, h('h2', { id: 'metrics-heading' }, 'Metrics'), fieldError(errorsAt(update.errors, ['service', 'metrics']), 'metrics unavailable'));
          if (service.traces) {
            const list = service.traces.traces;
            append(
              traces,
              list.length
                ? h(
                    'ul',
                    { class: 'trace-list' },
                    ...list.map((trace) =>
                      h(
                        'li',
                        {},
                        h('a', { href: pageHref(`trace/${encodeURIComponent(trace.id)}`, { profile }) }, trace.id),
                        ` ${formatTime(trace.startTime)} · ${formatDuration(trace.durationMs)}`,
                        trace.http ? ` · ${trace.http.method ?? ''} ${trace.http.url ?? ''} → ${trace.http.status ?? '?'}` : '',
                      ),
                    ),
                  )
                : h('p', { class: 'muted' }, 'No trace with a fault in this service in the window.'),
              service.traces.truncated ? h('p', { class: 'muted' }, 'More matched: narrow the range to see the rest.') : null,
            );
          } else traces.append(fieldError(errorsAt(update.errors, ['service', 'traces']), 'traces unavailable'));
          main.dataset.state = 'metrics';
        }
        if (service && update.delivered.length) renderLogs(logs, service, update.errors, profile, Math.max(width, (main.clientWidth || width) - 60));
        context.reportCost('ConsoleService', update.cost, { firstPaintMs, ...(update.hasNext ? {} : { deferredMs: elapsed }), deferredLabel: 'ERROR lines' });
      },
      context.signal,
    );
}
