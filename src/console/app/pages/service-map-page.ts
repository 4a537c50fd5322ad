// Service map: the API's `serviceMap` nodes and edges drawn as a left-to-right layered graph (laid
// out by ELK, see map-layout.ts), each edge labelled with its requests and its failures (5xx faults,
// 4xx errors, throttles), plus the same edges as a table for keyboard and screen-reader users.
import { ServiceMapDocument, type ServiceMapQuery } from '../../generated/graphql.ts';
import { formatDuration, formatNumber, formatTime, h, pageHref, replaceChildren } from '../dom.ts';
import { request } from '../graphql-client.ts';
import { layoutServiceMap, roundedPath, type MapEdgeInput, type MapNodeInput } from '../map-layout.ts';
import { rangePicker } from '../range-picker.ts';
import type { PageContext } from '../shell.ts';
import { errorsAt, fieldError } from './field-errors.ts';

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

/** Text widths in the map's fonts (see .map-svg in console.css), so that boxes and labels fit their text. */
function textMeasure(): (text: string, font: 'name' | 'type' | 'label' | 'failures') => number {
  const context = document.createElement('canvas').getContext('2d');
  const family = getComputedStyle(document.documentElement).fontFamily || 'sans-serif';
  const fonts = { name: `600 13px ${family}`, type: `10.5px ${family}`, label: `11px ${family}`, failures: `600 11px ${family}` };
  return (text, font) => {
    if (!context) return text.length * (font === 'name' ? 8 : 6.5);
    context.font = fonts[font];
    return context.measureText(text).width;
  };
}

const NODE_HEIGHT = 44;
const LABEL_LINE = 13;

export async function drawServiceMap(map: ServiceMap, profile: string | undefined): Promise<SVGSVGElement> {
  const measure = textMeasure();
  const typeOf = new Map(map.nodes.map((node) => [node.name, node.type]));
  // An edge to a node the map does not list still shows (its end drawn as a remote node).
  for (const edge of map.edges) for (const end of [edge.source, edge.target]) if (!typeOf.has(end)) typeOf.set(end, 'remote');
  const nodes: MapNodeInput[] = [...typeOf].map(([name, type]) => ({ id: name, width: Math.ceil(Math.max(measure(name, 'name'), measure(type, 'type')) + 28), height: NODE_HEIGHT }));
  const labels = map.edges.map(edgeLabel);
  const edges: MapEdgeInput[] = map.edges.map((edge, index) => {
    const [first, second] = labels[index]!;
    const width = Math.max(measure(first, 'label'), second ? measure(second, 'failures') : 0);
    return { id: `edge-${index}`, source: edge.source, target: edge.target, label: { text: [first, second].filter(Boolean).join('\n'), width: Math.ceil(width + 6), height: (second ? 2 : 1) * LABEL_LINE + 3 } };
  });
  const layout = await layoutServiceMap(nodes, edges);
  const width = Math.ceil(layout.width);
  const height = Math.ceil(layout.height);
  const root = svg('svg', { class: 'map-svg', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': 'map-title' });
  root.append(svg('title', { id: 'map-title' }, `Service map: ${map.nodes.length} nodes, ${map.edges.length} edges`));
  const defs = svg('defs', {});
  for (const tone of ['ok', 'error', 'throttle', 'fault']) {
    defs.append(svg('marker', { id: `arrow-${tone}`, viewBox: '0 0 10 10', refX: 10, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: 9, markerHeight: 9, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrow arrow-${tone}` })));
  }
  root.append(defs);
  const maxRequests = Math.max(1, ...map.edges.map((edge) => edge.requests));
  const labelLayer = svg('g', { class: 'edge-labels' });
  map.edges.forEach((edge, index) => {
    const route = layout.edges.get(`edge-${index}`);
    if (!route) return;
    const tone = edgeTone(edge);
    const group = svg('g', { class: `edge edge-${tone}`, 'data-edge': `edge-${index}`, 'data-source': edge.source, 'data-target': edge.target, 'data-requests': edge.requests, 'data-faults': edge.faults, 'data-errors': edge.errors, 'data-throttles': edge.throttles });
    group.append(
      svg('path', { d: roundedPath(route.points), class: 'edge-line', 'stroke-width': (1.2 + (3 * Math.log1p(edge.requests)) / Math.log1p(maxRequests)).toFixed(2), 'marker-end': `url(#arrow-${tone})` }),
      svg('title', {}, `${edge.source} → ${edge.target}: ${edge.requests} requests, ${edge.faults} faults (5xx), ${edge.errors} errors (4xx), ${edge.throttles} throttles; average ${formatDuration(edge.latency.avgMs)}, p99 ${formatDuration(edge.latency.p99Ms)}`),
    );
    root.append(group);
    const box = route.label;
    if (!box) return;
    // The label in the place ELK kept for it; drawn above every line and box.
    const [first, second] = labels[index]!;
    const x = box.x + box.width / 2;
    const label = svg('text', { x, y: box.y + LABEL_LINE - 1, class: 'edge-label', 'text-anchor': 'middle', 'data-edge': `edge-${index}` }, svg('tspan', { x }, first));
    if (second) label.append(svg('tspan', { x, dy: LABEL_LINE, class: 'edge-failures' }, second));
    labelLayer.append(label);
  });
  for (const [name, laid] of layout.nodes) {
    const type = typeOf.get(name) ?? 'remote';
    const kind = nodeKind(type);
    const failing = map.edges.some((edge) => edge.target === name && (edge.faults > 0 || edge.throttles > 0));
    const box = svg('g', { class: `node node-${kind}${failing ? ' node-failing' : ''}`, 'data-node': name, 'data-type': type, transform: `translate(${laid.x},${laid.y})` });
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
  root.append(labelLayer);
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
  const drawing = map.nodes.length ? await drawServiceMap(map, profile) : undefined;
  if (context.signal.aborted) return;
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
    drawing
      ? h('div', { class: 'map-frame' }, drawing)
      : h('p', { class: 'muted' }, 'No calls between services in this window.'),
    h('p', { class: 'map-legend muted' }, 'Edges: calls from one node to another with their requests; red: 5xx faults, purple: throttles, orange: 4xx errors. Services link to their pages.'),
    edgeTable(map),
  );
}
