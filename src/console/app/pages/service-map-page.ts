// Service map: the API's `serviceMap` nodes and edges drawn as a left-to-right layered graph
// (a deterministic layered layout), each edge labelled with its requests and its failures (5xx faults, 4xx
// errors, throttles), plus the same edges as a table for keyboard and screen-reader users.
import { ServiceMapDocument, type ServiceMapQuery } from '../../generated/graphql.ts';
import { formatDuration, formatNumber, formatTime, h, pageHref, replaceChildren } from '../dom.ts';
import { request } from '../graphql-client.ts';
import { rangePicker } from '../range-picker.ts';
import type { PageContext } from '../shell.ts';
import { errorsAt, fieldError } from './field-errors.ts';
import { layeredLayout, type LayoutNode } from '../map-layout.ts';

type ServiceMap = NonNullable<ServiceMapQuery['serviceMap']>;
type MapEdge = ServiceMap['edges'][number];

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, ...children: Array<Node | string>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

function edgeTone(edge: MapEdge): string {
  if (edge.faults > 0) return 'fault';
  if (edge.throttles > 0) return 'throttle';
  if (edge.errors > 0) return 'error';
  return 'ok';
}

/** "1,204 req" and, when any, "12 5xx · 3 4xx · 40 thr". */
function edgeLabel(edge: MapEdge): [string, string] {
  const failures = [edge.faults ? `${formatNumber(edge.faults)} 5xx` : '', edge.errors ? `${formatNumber(edge.errors)} 4xx` : '', edge.throttles ? `${formatNumber(edge.throttles)} thr` : '']
    .filter(Boolean)
    .join(' · ');
  return [`${formatNumber(edge.requests)} req`, failures];
}

function nodeKind(type: string): string {
  if (type === 'service') return 'service';
  if (type === 'remote') return 'remote';
  return 'aws';
}

const CHAR_WIDTH = 7.4;

export function drawServiceMap(map: ServiceMap, profile: string | undefined): SVGSVGElement {
  const nodeBox = (name: string, type: string): LayoutNode => ({ id: name, width: Math.max(name.length, type.length * 0.85) * CHAR_WIDTH + 28, height: 44 });
  const typeOf = new Map(map.nodes.map((node) => [node.name, node.type]));
  // An edge to a node the map does not list still shows (its end drawn as a remote node).
  for (const edge of map.edges) for (const end of [edge.source, edge.target]) if (!typeOf.has(end)) typeOf.set(end, 'remote');
  const layout = layeredLayout(
    [...typeOf].map(([name, type]) => nodeBox(name, type)),
    map.edges,
    { layerGap: 190, nodeGap: 26, margin: 20 },
  );
  const width = Math.ceil(layout.width);
  const height = Math.ceil(layout.height);
  const root = svg('svg', { class: 'map-svg', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': 'map-title' });
  root.append(svg('title', { id: 'map-title' }, `Service map: ${map.nodes.length} nodes, ${map.edges.length} edges`));
  const defs = svg('defs', {});
  for (const tone of ['ok', 'error', 'throttle', 'fault']) {
    defs.append(svg('marker', { id: `arrow-${tone}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: 9, markerHeight: 9, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrow arrow-${tone}` })));
  }
  root.append(defs);
  const maxRequests = Math.max(1, ...map.edges.map((edge) => edge.requests));
  const labels: SVGElement[] = [];
  for (const edge of map.edges) {
    const from = layout.nodes.get(edge.source);
    const to = layout.nodes.get(edge.target);
    if (!from || !to) continue;
    const tone = edgeTone(edge);
    let d: string;
    let labelX: number;
    let labelY: number;
    if (to.layer > from.layer) {
      // Right side of the caller to the left side of the callee, as a smooth S.
      const x1 = from.x + from.width / 2;
      const x2 = to.x - to.width / 2;
      const bend = (x2 - x1) / 2;
      d = `M${x1},${from.y} C${x1 + bend},${from.y} ${x2 - bend},${to.y} ${x2},${to.y}`;
      // Labels sit nearer the callee, where edges into one node fan in apart.
      labelX = x1 + (x2 - x1) * 0.62;
      labelY = from.y + (to.y - from.y) * 0.74;
    } else {
      // A call back to an earlier layer (or within one): an arc under the nodes.
      const drop = Math.max(from.height, to.height) + 30;
      d = `M${from.x},${from.y + from.height / 2} C${from.x},${from.y + drop} ${to.x},${to.y + drop} ${to.x},${to.y + to.height / 2}`;
      labelX = (from.x + to.x) / 2;
      labelY = Math.max(from.y, to.y) + drop - 6;
    }
    const [first, second] = edgeLabel(edge);
    const group = svg('g', { class: `edge edge-${tone}`, 'data-source': edge.source, 'data-target': edge.target, 'data-requests': edge.requests, 'data-faults': edge.faults, 'data-errors': edge.errors, 'data-throttles': edge.throttles });
    group.append(svg('path', { d, class: 'edge-line', 'stroke-width': (1.2 + (3 * Math.log1p(edge.requests)) / Math.log1p(maxRequests)).toFixed(2), 'marker-end': `url(#arrow-${tone})` }));
    const label = svg('text', { x: labelX, y: labelY - (second ? 5 : -4), class: 'edge-label', 'text-anchor': 'middle' }, svg('tspan', { x: labelX }, first));
    if (second) label.append(svg('tspan', { x: labelX, dy: 13, class: 'edge-failures' }, second));
    group.append(svg('title', {}, `${edge.source} → ${edge.target}: ${edge.requests} requests, ${edge.faults} faults (5xx), ${edge.errors} errors (4xx), ${edge.throttles} throttles; average ${formatDuration(edge.latency.avgMs)}, p99 ${formatDuration(edge.latency.p99Ms)}`));
    root.append(group);
    // Labels go on top of every line, drawn last.
    group.append(label);
    labels.push(group);
  }
  for (const [name, laid] of layout.nodes) {
    const type = typeOf.get(name) ?? 'remote';
    const kind = nodeKind(type);
    const failing = map.edges.some((edge) => edge.target === name && (edge.faults > 0 || edge.throttles > 0));
    const box = svg('g', { class: `node node-${kind}${failing ? ' node-failing' : ''}`, 'data-node': name, transform: `translate(${laid.x - laid.width / 2},${laid.y - laid.height / 2})` });
    box.append(
      svg('rect', { width: laid.width, height: laid.height, rx: 6 }),
      svg('text', { x: laid.width / 2, y: 19, 'text-anchor': 'middle', class: 'node-name' }, name),
      svg('text', { x: laid.width / 2, y: 34, 'text-anchor': 'middle', class: 'node-type' }, type),
    );
    if (kind === 'service') {
      const link = svg('a', { href: pageHref(`service/${encodeURIComponent(name)}`, { profile }) });
      link.append(box);
      root.append(link);
    } else root.append(box);
  }
  // Edge labels above the nodes' boxes too.
  for (const group of labels) root.append(group.querySelector('.edge-label')!.cloneNode(true));
  for (const group of labels) group.querySelector('.edge-label')!.remove();
  return root;
}

function edgeTable(map: ServiceMap): HTMLElement {
  const rows = [...map.edges].sort((a, b) => b.faults + b.throttles + b.errors - (a.faults + a.throttles + a.errors) || b.requests - a.requests);
  return h(
    'details',
    { class: 'edge-table' },
    h('summary', {}, `The ${map.edges.length} edges as a table`),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...['From', 'To', 'Requests', 'Faults (5xx)', 'Errors (4xx)', 'Throttles', 'Average', 'p99'].map((title) => h('th', { scope: 'col' }, title)))),
      h(
        'tbody',
        {},
        ...rows.map((edge) =>
          h(
            'tr',
            {},
            h('td', {}, edge.source),
            h('td', {}, edge.target),
            h('td', {}, formatNumber(edge.requests)),
            h('td', { class: edge.faults ? 'alert' : '' }, formatNumber(edge.faults)),
            h('td', {}, formatNumber(edge.errors)),
            h('td', {}, formatNumber(edge.throttles)),
            h('td', {}, formatDuration(edge.latency.avgMs)),
            h('td', {}, formatDuration(edge.latency.p99Ms)),
          ),
        ),
      ),
    ),
  );
}

/** The server answered with a schema that has no Query.serviceMap (an older gateway). */
function lacksServiceMap(errors: ReadonlyArray<{ message: string }>): boolean {
  return errors.some((error) => /Cannot query field "serviceMap" on type "Query"/.test(error.message));
}

export async function renderServiceMap(context: PageContext): Promise<void> {
  const { main, profile, range } = context;
  context.setTitle('Service map');
  const rerange = (params: URLSearchParams) => (location.hash = pageHref('map', Object.fromEntries(params)));
  const head = h('div', { class: 'page-head' }, h('h1', {}, 'Service map', h('span', { class: 'muted' }, ` · ${context.rangeLabel}`)), rangePicker(context.params, rerange));
  replaceChildren(main, head, h('p', { class: 'muted' }, 'Asking the gateway…'));
  const started = performance.now();
  const answer = await request(ServiceMapDocument, { profile, range }, context.signal);
  const elapsed = performance.now() - started;
  context.reportCost('ServiceMap', answer.cost, { totalMs: elapsed });
  if (lacksServiceMap(answer.errors)) {
    replaceChildren(main, head, h('p', { class: 'notice', role: 'status', 'data-testid': 'map-unavailable' }, 'This gateway does not offer Query.serviceMap, so there is no map to draw.'));
    return;
  }
  const map = answer.data?.serviceMap;
  if (!map) {
    replaceChildren(main, head, fieldError(errorsAt(answer.errors, ['serviceMap']), 'The service map is unavailable.'));
    return;
  }
  const source =
    map.source === 'SPANS'
      ? 'from every span in aws/spans (one Logs Insights query)'
      : `from ${map.sampledTraces ?? 0} sampled X-Ray traces (at most ${map.sampleLimit ?? '?'})`;
  replaceChildren(
    main,
    head,
    h(
      'p',
      { class: 'map-summary' },
      `${map.nodes.length} nodes and ${map.edges.length} edges ${source}, ${formatTime(map.start)} – ${formatTime(map.end)} UTC.`,
      map.truncated ? h('span', { class: 'badge warn' }, map.source === 'SPANS' ? 'partial: the query hit a limit' : 'sampled: the window had more traces') : null,
    ),
    map.nodes.length
      ? h('div', { class: 'map-frame' }, drawServiceMap(map, profile))
      : h('p', { class: 'muted' }, 'No calls between services in this window.'),
    h('p', { class: 'map-legend muted' }, 'Edges: calls from one node to another with their requests; red: 5xx faults, purple: throttles, orange: 4xx errors. Services link to their pages.'),
    edgeTable(map),
  );
}
