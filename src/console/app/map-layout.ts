// A deterministic layered layout for the service map (callers left, callees right): layers by the
// longest call path from a node nobody calls, cycles broken at their back edges, order within a
// layer by a few barycenter sweeps (fewer crossings). Same input, same picture.

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface PlacedNode extends LayoutNode {
  /** Centre. */
  x: number;
  y: number;
  layer: number;
}

export interface Layout {
  nodes: Map<string, PlacedNode>;
  width: number;
  height: number;
}

export interface LayoutOptions {
  layerGap: number;
  nodeGap: number;
  margin: number;
}

export function layeredLayout(nodes: readonly LayoutNode[], edges: ReadonlyArray<{ source: string; target: string }>, options: LayoutOptions): Layout {
  const ids = [...nodes].map((node) => node.id).sort();
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const edge of edges) if (edge.source !== edge.target && byId.has(edge.source) && byId.has(edge.target)) out.get(edge.source)!.push(edge.target);
  for (const targets of out.values()) targets.sort();

  // Back edges (found by a DFS from the nodes in name order) are ignored for layering.
  const state = new Map<string, 'open' | 'done'>();
  const forward = new Map<string, string[]>(ids.map((id) => [id, []]));
  const visit = (id: string) => {
    state.set(id, 'open');
    for (const target of out.get(id)!) {
      if (state.get(target) === 'open') continue;
      forward.get(id)!.push(target);
      if (!state.has(target)) visit(target);
    }
    state.set(id, 'done');
  };
  const incoming = new Set(edges.map((edge) => edge.target));
  for (const id of [...ids.filter((id) => !incoming.has(id)), ...ids]) if (!state.has(id)) visit(id);

  // Longest path from a source: memoised over the acyclic forward edges.
  const layerOf = new Map<string, number>();
  const parents = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [source, targets] of forward) for (const target of targets) parents.get(target)!.push(source);
  const layer = (id: string): number => {
    const known = layerOf.get(id);
    if (known !== undefined) return known;
    const value = Math.max(0, ...parents.get(id)!.map((parent) => layer(parent) + 1));
    layerOf.set(id, value);
    return value;
  };
  for (const id of ids) layer(id);

  const layers: string[][] = [];
  for (const id of ids) (layers[layerOf.get(id)!] ??= []).push(id);
  const position = new Map<string, number>();
  const reindex = () => layers.forEach((list) => list.forEach((id, index) => position.set(id, index)));
  reindex();
  const neighbours = (id: string, side: 'up' | 'down') => (side === 'up' ? parents.get(id)! : forward.get(id)!);
  for (let sweep = 0; sweep < 6; sweep++) {
    const side = sweep % 2 === 0 ? 'up' : 'down';
    const order = side === 'up' ? layers.slice(1) : layers.slice(0, -1).reverse();
    for (const list of order) {
      const centre = (id: string) => {
        const around = neighbours(id, side).map((other) => position.get(other)!);
        return around.length ? around.reduce((sum, value) => sum + value, 0) / around.length : position.get(id)!;
      };
      const keyed = list.map((id) => ({ id, key: centre(id) }));
      keyed.sort((a, b) => a.key - b.key || a.id.localeCompare(b.id));
      list.splice(0, list.length, ...keyed.map((entry) => entry.id));
      reindex();
    }
  }

  const columnWidth = layers.map((list) => Math.max(...list.map((id) => byId.get(id)!.width)));
  const columnHeight = layers.map((list) => list.reduce((sum, id) => sum + byId.get(id)!.height, 0) + options.nodeGap * (list.length - 1));
  const height = Math.max(...columnHeight, 0) + 2 * options.margin;
  const placed = new Map<string, PlacedNode>();
  let x = options.margin;
  layers.forEach((list, index) => {
    let y = options.margin + (height - 2 * options.margin - columnHeight[index]!) / 2;
    for (const id of list) {
      const node = byId.get(id)!;
      placed.set(id, { ...node, x: x + columnWidth[index]! / 2, y: y + node.height / 2, layer: index });
      y += node.height + options.nodeGap;
    }
    x += columnWidth[index]! + options.layerGap;
  });
  return { nodes: placed, width: x - options.layerGap + options.margin, height };
}
