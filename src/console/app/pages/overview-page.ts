// Overview: every service of a profile from ONE GraphQL request. Metrics and faulty traces arrive in
// the first payload and are drawn at once; the ERROR counts (Logs Insights, seconds) arrive in
// deferred payloads, one per service, and fill their cells as they come.
import { ConsoleOverviewDocument, type ConsoleOverviewQuery } from '../../generated/graphql.ts';
import { bucketWindow, sparkline } from '../charts.ts';
import { formatDuration, formatNumber, h, pageHref, replaceChildren } from '../dom.ts';
import { streamQuery, type GraphQLErrorItem } from '../graphql-client.ts';
import { rangePicker } from '../range-picker.ts';
import type { PageContext } from '../shell.ts';
import { errorsAt, fieldError } from './field-errors.ts';

type OverviewService = ConsoleOverviewQuery['services'][number];

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

function metricsCell(service: OverviewService, errors: GraphQLErrorItem[], index: number): HTMLElement {
  const cell = h('td', { class: 'metrics-cell' });
  const failed = errorsAt(errors, ['services', index, 'metrics']);
  if (!service.metrics) {
    cell.append(fieldError(failed, 'metrics unavailable'));
    return cell;
  }
  if (service.metrics.length === 0) cell.append(h('span', { class: 'muted' }, 'no standard metrics for this resource type'));
  const list = h('ul', { class: 'sparklines' });
  for (const series of service.metrics) {
    const last = series.points.at(-1)?.value;
    list.append(
      h(
        'li',
        {},
        h('span', { class: 'metric-name' }, series.metricName, h('span', { class: 'muted' }, ` ${series.stat}`)),
        sparkline(`${service.name} ${series.metricName} (${series.stat})`, series.points, {
          unit: series.unit,
          window: { from: series.from, to: series.to, period: series.period },
          status: series.status,
          messages: series.messages,
        }),
        h('span', { class: 'metric-last' }, last === undefined ? '–' : formatNumber(last)),
        // An empty series says its status inside its sparkline; one with points says it here.
        series.status !== 'COMPLETE' && series.points.length > 0 ? h('span', { class: 'badge warn' }, series.status.replace('_', ' ').toLowerCase()) : null,
      ),
    );
  }
  cell.append(list);
  return cell;
}

function tracesCell(service: OverviewService, errors: GraphQLErrorItem[], index: number, profile: string | undefined): HTMLElement {
  const cell = h('td', { class: 'traces-cell' });
  if (!service.traces) {
    cell.append(fieldError(errorsAt(errors, ['services', index, 'traces']), 'traces unavailable'));
    return cell;
  }
  const { traces, truncated } = service.traces;
  const count = `${traces.length}${truncated ? '+' : ''}`;
  cell.dataset.faultyTraces = String(traces.length);
  cell.append(h('span', { class: traces.length ? 'count alert' : 'count' }, count, h('span', { class: 'visually-hidden' }, ' faulty traces')));
  if (truncated) cell.append(h('span', { class: 'muted' }, ' (more in the window)'));
  if (traces.length) {
    cell.append(
      h(
        'ul',
        { class: 'trace-links' },
        ...traces.map((trace) =>
          h(
            'li',
            {},
            h('a', { href: pageHref(`trace/${encodeURIComponent(trace.id)}`, { profile }) }, trace.http?.status ? `${trace.http.status} ` : '', trace.http?.url ? new URL(trace.http.url, 'http://x').pathname : trace.id.slice(0, 14)),
            h('span', { class: 'muted' }, ` ${formatDuration(trace.durationMs)}`),
          ),
        ),
      ),
    );
  }
  return cell;
}

function errorCell(cell: HTMLElement, service: OverviewService, errors: GraphQLErrorItem[], index: number): void {
  cell.removeAttribute('aria-busy');
  if (!('errorVolume' in service)) return;
  const volume = service.errorVolume;
  if (!volume) {
    replaceChildren(cell, fieldError(errorsAt(errors, ['services', index, 'errorVolume']), 'ERROR count unavailable'));
    cell.dataset.state = 'error';
    return;
  }
  const total = volume.reduce((sum, bucket) => sum + bucket.count, 0);
  cell.dataset.state = 'ready';
  cell.dataset.errorCount = String(total);
  const buckets = volume.map((bucket) => ({ timestamp: bucket.start, value: bucket.count }));
  replaceChildren(
    cell,
    h('span', { class: total ? 'count alert' : 'count' }, formatNumber(total), h('span', { class: 'visually-hidden' }, ' ERROR lines')),
    sparkline(`${service.name} ERROR lines per bucket`, buckets, { bars: true, tone: total ? 'alert' : 'normal', width: 110, window: bucketWindow(buckets) }),
  );
}

export async function renderOverview(context: PageContext): Promise<void> {
  const { main, profile, range } = context;
  context.setTitle('Overview');
  const rerange = (params: URLSearchParams) => (location.hash = pageHref('overview', Object.fromEntries(params)));
  const status = h('p', { class: 'muted', id: 'overview-status' }, 'Asking the gateway…');
  const table = h(
    'table',
    { class: 'overview', 'aria-describedby': 'overview-status' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', { scope: 'col' }, 'Service'), h('th', { scope: 'col' }, 'Standard metrics'), h('th', { scope: 'col' }, 'ERROR lines'), h('th', { scope: 'col' }, 'Faulty traces')),
    ),
  );
  const body = h('tbody');
  table.append(body);
  replaceChildren(main, h('div', { class: 'page-head' }, h('h1', {}, 'Overview', h('span', { class: 'muted' }, ` · ${context.rangeLabel}`)), rangePicker(context.params, rerange)), status, table);

  const errorCells: HTMLElement[] = [];
  const started = performance.now();
  performance.clearMarks();
  let firstPaintMs: number | undefined;
  let deferredMs: number | undefined;
  let lastCost;
  await streamQuery(
    ConsoleOverviewDocument,
    { profile, range },
    (update) => {
      const services = update.data?.services ?? [];
      if (update.index === 0) {
        replaceChildren(
          body,
          ...services.map((service, index) => {
            const errorsCell = h('td', { class: 'errors-cell', 'aria-busy': 'true', 'data-state': 'pending' }, h('span', { class: 'muted' }, 'counting…'));
            errorCells[index] = errorsCell;
            const faulty = (service.traces?.traces.length ?? 0) > 0;
            return h(
              'tr',
              { 'data-service': service.name, class: faulty ? 'incident' : null },
              h(
                'th',
                { scope: 'row' },
                h('a', { href: pageHref(`service/${encodeURIComponent(service.name)}`, { profile, ...Object.fromEntries(context.params) }) }, service.name),
                h('span', { class: 'resource-type' }, service.resourceType.toLowerCase()),
              ),
              metricsCell(service, update.errors, index),
              errorsCell,
              tracesCell(service, update.errors, index, profile),
            );
          }),
        );
        if (services.length === 0) body.append(h('tr', {}, h('td', { colspan: 4 }, 'This profile names no services.')));
        main.dataset.state = 'metrics';
        status.textContent = `${services.length} services; counting ERROR lines (Logs Insights)…`;
      }
      for (const path of update.delivered) {
        const index = path[1];
        if (path[0] === 'services' && typeof index === 'number' && services[index]) {
          errorCell(errorCells[index]!, services[index], update.errors, index);
          errorCells[index]!.closest('tr')?.classList.toggle('incident', Number(errorCells[index]!.dataset.errorCount ?? 0) > 0 || (services[index].traces?.traces.length ?? 0) > 0);
        }
      }
      lastCost = update.cost;
      void nextFrame().then(() => {
        const now = performance.now() - started;
        if (update.index === 0) {
          firstPaintMs = now;
          performance.mark('tinkr:overview:first-paint', { detail: { ms: now } });
        }
        if (!update.hasNext) {
          deferredMs = now;
          performance.mark('tinkr:overview:deferred-painted', { detail: { ms: now } });
        }
        context.reportCost('ConsoleOverview', update.cost, { firstPaintMs, deferredMs, deferredLabel: 'ERROR counts' });
      });
    },
    context.signal,
  );
  await nextFrame();
  await nextFrame();
  const counted = errorCells.filter((cell) => cell.dataset.state === 'ready').length;
  status.textContent = `${errorCells.length} services; ERROR lines counted for ${counted}.`;
  context.announce(`Overview loaded: ${errorCells.length} services.`);
  context.reportCost('ConsoleOverview', lastCost, { firstPaintMs, deferredMs, deferredLabel: 'ERROR counts' });
}
