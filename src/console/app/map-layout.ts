// The service map's layout, by the Eclipse Layout Kernel's layered algorithm (elkjs): callers left,
// callees right, cycles broken by ELK. Edges are routed orthogonally in the channels between the
// layers and through their own slots within a layer, so no edge runs through a node's box; each
// edge's label gets a place of its own beside its line (ELK's label dummy nodes, not inline), so
// the line never strikes it through. Same input, same picture (ELK's fixed seed, names in order).
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';

export interface Box {
  /** Top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface MapNodeInput {
  id: string;
  width: number;
  height: number;
}

export interface MapEdgeInput {
  id: string;
  source: string;
  target: string;
  /** The edge's label and its size. */
  label: { text: string; width: number; height: number };
}

export interface RoutedEdge {
  /** From the source's border to the target's border, with the bends between. */
  points: Point[];
  label: Box | undefined;
}

export interface MapLayout {
  nodes: Map<string, Box>;
  edges: Map<string, RoutedEdge>;
  width: number;
  height: number;
}

const GRAPH_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
  'elk.spacing.nodeNode': '26',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '10',
  'elk.spacing.edgeLabel': '3',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '10',
  'elk.edgeLabels.inline': 'false',
  'elk.layered.edgeLabels.sideSelection': 'SMART_UP',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

let engine: Promise<ELK> | undefined;

/**
 * ELK (about 1.4 MB of code) is evaluated the first time a map is laid out, not when the console
 * loads. Its bundled build runs in the page (no Worker: the CSP allows none). The import's default
 * is the CommonJS module, whose own default is the constructor.
 */
function layoutEngine(): Promise<ELK> {
  engine ??= import('elkjs/lib/elk.bundled.js').then((module) => new module.default.default());
  return engine;
}

export async function layoutServiceMap(nodes: readonly MapNodeInput[], edges: readonly MapEdgeInput[]): Promise<MapLayout> {
  const graph: ElkNode = {
    id: 'map',
    layoutOptions: GRAPH_OPTIONS,
    children: [...nodes].sort((a, b) => a.id.localeCompare(b.id)).map((node) => ({ id: node.id, width: node.width, height: node.height })),
    edges: edges.map(
      (edge): ElkExtendedEdge => ({
        id: edge.id,
        sources: [edge.source],
        targets: [edge.target],
        // ELK places no label without text.
        labels: [{ id: `${edge.id}:label`, text: edge.label.text, width: edge.label.width, height: edge.label.height, layoutOptions: { 'elk.edgeLabels.placement': 'CENTER' } }],
      }),
    ),
  };
  const laid = await (await layoutEngine()).layout(graph);
  const placed = new Map<string, Box>();
  for (const child of laid.children ?? []) placed.set(child.id, { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
  const routed = new Map<string, RoutedEdge>();
  for (const edge of (laid.edges ?? []) as ElkExtendedEdge[]) {
    // A simple graph (no ports, no hierarchy): one section per edge.
    const section = edge.sections?.[0];
    if (!section) continue;
    const label = edge.labels?.[0];
    routed.set(edge.id, {
      points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(({ x, y }) => ({ x, y })),
      label: label ? { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 } : undefined,
    });
  }
  return { nodes: placed, edges: routed, width: laid.width ?? 0, height: laid.height ?? 0 };
}

/** An orthogonal route as an SVG path, its bends rounded (within the corner, so still clear of the nodes). */
export function roundedPath(points: readonly Point[], radius = 6): string {
  if (points.length === 0) return '';
  const [first] = points;
  const parts = [`M${first!.x},${first!.y}`];
  for (let index = 1; index < points.length; index++) {
    const point = points[index]!;
    const next = points[index + 1];
    if (!next) {
      parts.push(`L${point.x},${point.y}`);
      break;
    }
    const previous = points[index - 1]!;
    const into = Math.hypot(point.x - previous.x, point.y - previous.y);
    const out = Math.hypot(next.x - point.x, next.y - point.y);
    const r = Math.min(radius, into / 2, out / 2);
    if (r <= 0) {
      parts.push(`L${point.x},${point.y}`);
      continue;
    }
    const before = { x: point.x + ((previous.x - point.x) / into) * r, y: point.y + ((previous.y - point.y) / into) * r };
    const after = { x: point.x + ((next.x - point.x) / out) * r, y: point.y + ((next.y - point.y) / out) * r };
    parts.push(`L${before.x},${before.y}`, `Q${point.x},${point.y} ${after.x},${after.y}`);
  }
  return parts.join(' ');
}
