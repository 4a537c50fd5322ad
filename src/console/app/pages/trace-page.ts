// Trace page: the trace's summary, its span tree as a waterfall (either trace source: the API gives
// the same Span shape), and the log lines that mention it (deferred: a Logs Insights query).
import { ConsoleTraceDocument } from '../../generated/graphql.ts';
import { formatDuration, formatTime, h, pageHref, replaceChildren } from '../dom.ts';
import { streamQuery } from '../graphql-client.ts';
import type { PageContext } from '../shell.ts';
import { waterfall } from '../waterfall.ts';
import { errorsAt, fieldError } from './field-errors.ts';

export async function renderTrace(context: PageContext): Promise<void> {
  const { main, profile } = context;
  const id = context.segments[0];
  if (!id) {
    location.hash = pageHref('overview', Object.fromEntries(context.params));
    return;
  }
  context.setTitle(`Trace ${id}`);
  const logs = h('section', { class: 'panel logs-panel', 'aria-busy': 'true', 'data-state': 'pending' }, h('h2', {}, 'Log lines of this trace'), h('p', { class: 'muted' }, 'Logs Insights is running…'));
  const started = performance.now();
  let firstPaintMs: number | undefined;
  await streamQuery(
    ConsoleTraceDocument,
    { id, profile },
    (update) => {
      const trace = update.data?.trace;
      const elapsed = performance.now() - started;
      if (update.index === 0) {
        firstPaintMs = elapsed;
        if (!trace) {
          replaceChildren(main, h('h1', {}, 'Trace ', h('code', {}, id)), fieldError(errorsAt(update.errors, ['trace']), 'The gateway has no such trace.'));
          return;
        }
        const flags = [trace.hasFault ? 'fault' : '', trace.hasError ? 'error' : '', trace.hasThrottle ? 'throttle' : ''].filter(Boolean);
        const spans = trace.spans;
        replaceChildren(
          main,
          h('div', { class: 'page-head' }, h('h1', {}, 'Trace ', h('code', {}, trace.id))),
          h(
            'p',
            { class: 'trace-summary' },
            `${formatTime(trace.startTime)} UTC · ${formatDuration(trace.durationMs)}`,
            trace.http ? ` · ${trace.http.method ?? ''} ${trace.http.url ?? ''} → ${trace.http.status ?? '?'}` : '',
            flags.length ? h('span', { class: 'badge alert' }, flags.join(', ')) : null,
          ),
          h(
            'p',
            {},
            'Services: ',
            ...trace.services.flatMap((service, index) => [index ? ', ' : '', h('a', { href: pageHref(`service/${encodeURIComponent(service)}`, { profile }) }, service)]),
          ),
          spans
            ? h('section', { class: 'panel', 'aria-labelledby': 'waterfall-heading' }, h('h2', { id: 'waterfall-heading' }, `Spans (${spans.length})`), spans.length ? waterfall(spans) : h('p', { class: 'muted' }, 'The trace has no spans yet.'))
            : fieldError(errorsAt(update.errors, ['trace', 'spans']), 'spans unavailable'),
          logs,
        );
        main.dataset.state = 'spans';
      }
      if (trace && update.delivered.length) {
        const result = trace.logs;
        logs.removeAttribute('aria-busy');
        logs.dataset.state = 'ready';
        replaceChildren(
          logs,
          h('h2', {}, 'Log lines of this trace'),
          result
            ? result.events.length
              ? h(
                  'table',
                  { class: 'log-table' },
                  h('caption', {}, `${result.events.length} lines that mention the trace id`, result.truncated ? ' (more matched)' : '', result.status === 'PARTIAL' ? ' · the query timed out: lines found so far' : ''),
                  h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Time (UTC)'), h('th', { scope: 'col' }, 'Level'), h('th', { scope: 'col', class: 'group-col' }, 'Log group'), h('th', { scope: 'col' }, 'Message'))),
                  h(
                    'tbody',
                    {},
                    ...result.events.map((event) =>
                      h(
                        'tr',
                        { class: 'log-row' },
                        h('td', {}, h('time', { datetime: event.timestamp }, formatTime(event.timestamp))),
                        h('td', {}, h('span', { class: `level level-${(event.level ?? 'none').toLowerCase()}` }, event.level ?? '–')),
                        h('td', {}, event.logGroup ?? '–'),
                        h('td', { class: 'message' }, event.message),
                      ),
                    ),
                  ),
                )
              : h('p', { class: 'muted' }, `No log line mentions this trace id (searched ${result.logGroups.length} log groups).`)
            : fieldError(errorsAt(update.errors, ['trace', 'logs']), 'log lines unavailable'),
        );
      }
      context.reportCost('ConsoleTrace', update.cost, { firstPaintMs, ...(update.hasNext ? {} : { deferredMs: elapsed }), deferredLabel: 'log lines' });
    },
    context.signal,
  );
}
