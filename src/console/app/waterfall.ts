// The span tree of a trace as a waterfall: one row per span in tree order (children by start
// time), indented by depth, with a bar placed on the trace's time axis. Built from the flat
// `Trace.spans` list and each span's parentId, so the tree has no depth limit and every span the
// API returned is a row.
import type { ConsoleTraceQuery } from '../generated/graphql.ts';
import { formatDuration, h } from './dom.ts';

export type WaterfallSpan = NonNullable<NonNullable<ConsoleTraceQuery['trace']>['spans']>[number];

export interface SpanRow {
  span: WaterfallSpan;
  depth: number;
  /** The service the span belongs to: the name of its segment. */
  service: string;
  /** The span names a parent the trace does not hold. */
  orphan: boolean;
  startMs: number;
  endMs: number;
}

function spanEnd(span: WaterfallSpan, start: number): number {
  if (span.endTime) return Date.parse(span.endTime);
  return start + (span.durationMs ?? 0);
}

export function spanRows(spans: ReadonlyArray<WaterfallSpan>): SpanRow[] {
  const byId = new Map(spans.map((span) => [span.id, span]));
  const children = new Map<string, WaterfallSpan[]>();
  const roots: WaterfallSpan[] = [];
  for (const span of spans) {
    if (span.parentId && byId.has(span.parentId) && span.parentId !== span.id) {
      const siblings = children.get(span.parentId) ?? [];
      siblings.push(span);
      children.set(span.parentId, siblings);
    } else roots.push(span);
  }
  const byStart = (a: WaterfallSpan, b: WaterfallSpan) => Date.parse(a.startTime) - Date.parse(b.startTime) || a.id.localeCompare(b.id);
  const rows: SpanRow[] = [];
  const seen = new Set<string>();
  const visit = (span: WaterfallSpan, depth: number) => {
    if (seen.has(span.id)) return; // a cycle in bad data must not hang the page
    seen.add(span.id);
    const startMs = Date.parse(span.startTime);
    rows.push({
      span,
      depth,
      service: byId.get(span.segmentId)?.name ?? span.name,
      orphan: depth === 0 && Boolean(span.parentId) && span.parentId !== span.id,
      startMs,
      endMs: spanEnd(span, startMs),
    });
    for (const child of (children.get(span.id) ?? []).sort(byStart)) visit(child, depth + 1);
  };
  for (const root of roots.sort(byStart)) visit(root, 0);
  // Spans in a parent cycle are reachable from no root: list them rather than drop them.
  for (const span of spans) if (!seen.has(span.id)) visit(span, 0);
  return rows;
}

function json(value: unknown): HTMLElement {
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}

function details(row: SpanRow): HTMLElement {
  const { span } = row;
  const list = h('dl', { class: 'span-details' });
  const add = (term: string, value: HTMLElement | string | null | undefined) => {
    if (value === null || value === undefined || value === '') return;
    list.append(h('dt', {}, term), h('dd', {}, value));
  };
  add('span id', h('code', {}, span.id));
  add('parent', span.parentId ? h('code', {}, span.parentId) : 'none (root)');
  add('kind', `${span.kind.toLowerCase()}${span.inferred ? ' (inferred by X-Ray)' : ''}${span.inProgress ? ' · in progress' : ''}`);
  add('namespace', span.namespace);
  add('origin', span.origin);
  add('start', span.startTime);
  add('duration', formatDuration(span.durationMs));
  if (span.http) {
    const http = span.http;
    add('http', `${http.method ?? ''} ${http.url ?? ''} → ${http.status ?? '?'}${http.contentLength != null ? ` · ${http.contentLength} B` : ''}${http.clientIp ? ` · client ${http.clientIp}` : ''}${http.userAgent ? ` · ${http.userAgent}` : ''}`);
  }
  if (span.sql != null) add('sql', json(span.sql));
  if (span.aws != null) add('aws', json(span.aws));
  if (span.annotations != null) add('annotations', json(span.annotations));
  if (span.metadata != null) add('metadata', json(span.metadata));
  for (const exception of span.exceptions) {
    add(
      exception.remote ? 'exception (remote)' : 'exception',
      h(
        'div',
        { class: 'exception' },
        h('strong', {}, exception.type ?? 'exception'),
        exception.message ? `: ${exception.message}` : '',
        exception.stack.length ? h('ol', { class: 'stack' }, ...exception.stack.map((frame) => h('li', {}, h('code', {}, `${frame.label ?? '?'} ${frame.path ?? ''}${frame.line != null ? `:${frame.line}` : ''}`)))) : null,
      ),
    );
  }
  return list;
}

function marks(span: WaterfallSpan): HTMLElement {
  const mark = (flag: boolean, code: string, word: string) => (flag ? h('abbr', { class: `mark mark-${word}`, title: word }, code, h('span', { class: 'visually-hidden' }, ` ${word}`)) : null);
  return h(
    'span',
    { class: 'marks' },
    mark(span.fault, 'F', 'fault'),
    mark(span.error, 'E', 'error'),
    mark(span.throttle, 'T', 'throttle'),
    span.exceptions.length ? h('span', { class: 'mark mark-exception', title: `${span.exceptions.length} exceptions` }, `!${span.exceptions.length}`, h('span', { class: 'visually-hidden' }, ' exceptions')) : null,
  );
}

/** The waterfall table; row buttons open the span's details (Enter/Space), arrows move between rows. */
export function waterfall(spans: ReadonlyArray<WaterfallSpan>): HTMLElement {
  const rows = spanRows(spans);
  const start = Math.min(...rows.map((row) => row.startMs));
  const end = Math.max(...rows.map((row) => row.endMs));
  const total = Math.max(end - start, 1);
  const body = h('tbody');
  rows.forEach((row, index) => {
    const { span } = row;
    const detailsId = `span-details-${index}`;
    const detailRow = h('tr', { class: 'span-detail-row', id: detailsId, hidden: true }, h('td', { colspan: 4 }, details(row)));
    const toggle = h(
      'button',
      { type: 'button', class: 'span-toggle', 'aria-expanded': 'false', 'aria-controls': detailsId, style: null },
      h('span', { class: 'span-name' }, span.name),
    );
    toggle.style.paddingInlineStart = `${0.4 + row.depth * 1.1}rem`;
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      detailRow.hidden = !open;
    });
    const left = ((row.startMs - start) / total) * 100;
    const width = Math.max(((row.endMs - row.startMs) / total) * 100, 0.3);
    const bar = h('div', { class: `bar${span.fault ? ' bar-fault' : span.error ? ' bar-error' : span.throttle ? ' bar-throttle' : ''}${span.kind === 'SEGMENT' ? ' bar-segment' : ''}` });
    bar.style.left = `${left}%`;
    bar.style.width = `${Math.min(width, 100 - left)}%`;
    body.append(
      h(
        'tr',
        { class: `span-row${span.fault ? ' fault' : ''}`, 'data-span-id': span.id, 'aria-level': row.depth + 1 },
        h('th', { scope: 'row', class: 'span-cell' }, toggle, row.orphan ? h('span', { class: 'badge warn', title: `parent ${span.parentId} is not in the trace` }, 'orphan') : null),
        h('td', { class: 'span-service' }, row.service, span.inferred ? h('span', { class: 'muted' }, ' (inferred)') : null),
        h('td', { class: 'span-marks' }, marks(span)),
        h('td', { class: 'span-timeline', 'aria-label': `starts at +${formatDuration(row.startMs - start)}, takes ${formatDuration(span.durationMs)}` }, h('div', { class: 'track' }, bar), h('span', { class: 'span-duration' }, formatDuration(span.durationMs))),
      ),
      detailRow,
    );
  });
  body.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...body.querySelectorAll<HTMLButtonElement>('.span-toggle')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    event.preventDefault();
    buttons[Math.min(Math.max(at + (event.key === 'ArrowDown' ? 1 : -1), 0), buttons.length - 1)]?.focus();
  });
  return h(
    'table',
    { class: 'waterfall', 'data-span-count': rows.length },
    h('caption', { class: 'visually-hidden' }, `Span tree: ${rows.length} spans over ${formatDuration(total)}. Open a span for its details; arrow keys move between spans.`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Span'), h('th', { scope: 'col' }, 'Service'), h('th', { scope: 'col' }, 'Marks'), h('th', { scope: 'col' }, `Timeline (${formatDuration(total)})`))),
    body,
  );
}
