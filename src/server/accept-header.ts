// The media ranges of an Accept header with their parameters, in the client's order of
// preference (q-values honoured, ties in the order written). yoga's own reading drops parameters,
// and the parameters are what say which GraphQL multipart dialect a client speaks
// (`multipart/mixed;incrementalSpec=v0.2`, `multipart/mixed;subscriptionSpec="1.0"`).

export interface MediaRange {
  /** `type/subtype`, lower-cased. */
  type: string;
  /** Parameters other than q, names lower-cased, values unquoted. */
  params: ReadonlyMap<string, string>;
  q: number;
}

export function mediaRanges(accept: string | null): MediaRange[] {
  if (!accept) return [];
  const ranges: Array<MediaRange & { index: number }> = [];
  for (const [index, part] of accept.split(',').entries()) {
    const [type, ...rawParams] = part.split(';').map((piece) => piece.trim());
    if (!type) continue;
    const params = new Map<string, string>();
    let q = 1;
    for (const param of rawParams) {
      const eq = param.indexOf('=');
      if (eq < 0) continue;
      const name = param.slice(0, eq).trim().toLowerCase();
      const value = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      if (name === 'q') q = Number.isFinite(Number(value)) ? Number(value) : 0;
      else params.set(name, value);
    }
    if (q > 0) ranges.push({ type: type.toLowerCase(), params, q, index });
  }
  return ranges.sort((a, b) => b.q - a.q || a.index - b.index).map(({ index: _index, ...range }) => range);
}

/** Whether `range` names `type` (exactly, or as `type/*` or `*\/*`). */
export function rangeMatches(range: MediaRange, type: string): boolean {
  if (range.type === '*/*' || range.type === type) return true;
  return range.type.endsWith('/*') && type.startsWith(range.type.slice(0, -1));
}
