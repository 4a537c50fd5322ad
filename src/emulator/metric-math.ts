// The metric math subset the emulator evaluates: numbers, query ids, + - * / with parentheses and
// unary minus, and SUM / AVG / MIN / MAX over a list of ids ("SUM([m1, m2])"), each evaluated per
// timestamp as CloudWatch does. Anything else is refused with a ValidationError naming it.

export type MathNode =
  | { kind: 'number'; value: number }
  | { kind: 'id'; id: string }
  | { kind: 'negate'; operand: MathNode }
  | { kind: 'binary'; operator: '+' | '-' | '*' | '/'; left: MathNode; right: MathNode }
  | { kind: 'aggregate'; name: 'SUM' | 'AVG' | 'MIN' | 'MAX'; ids: string[] };

export class MetricMathError extends Error {}

const AGGREGATES = new Set(['SUM', 'AVG', 'MIN', 'MAX']);

/** Parses an expression or throws MetricMathError saying what is not supported where. */
export function parseMetricMath(text: string): MathNode {
  const tokens = [...text.matchAll(/\s*(?:(\d+(?:\.\d+)?)|([A-Za-z][A-Za-z0-9_]*)|(\S))/g)].map((match) => ({
    number: match[1],
    word: match[2],
    symbol: match[3],
    at: match.index! + match[0].length - (match[1] ?? match[2] ?? match[3] ?? '').length,
  }));
  let position = 0;
  const peek = () => tokens[position];
  const fail = (what: string): never => {
    const token = peek();
    throw new MetricMathError(`${what} at position ${token ? token.at + 1 : text.length + 1}; the emulator's metric math knows numbers, ids, + - * / ( ) and SUM/AVG/MIN/MAX([ids])`);
  };
  const expectSymbol = (symbol: string) => {
    if (peek()?.symbol !== symbol) fail(`expected "${symbol}"`);
    position++;
  };
  const expression = (): MathNode => {
    let node = term();
    while (peek()?.symbol === '+' || peek()?.symbol === '-') {
      const operator = tokens[position++]!.symbol as '+' | '-';
      node = { kind: 'binary', operator, left: node, right: term() };
    }
    return node;
  };
  const term = (): MathNode => {
    let node = unary();
    while (peek()?.symbol === '*' || peek()?.symbol === '/') {
      const operator = tokens[position++]!.symbol as '*' | '/';
      node = { kind: 'binary', operator, left: node, right: unary() };
    }
    return node;
  };
  const unary = (): MathNode => {
    if (peek()?.symbol === '-') {
      position++;
      return { kind: 'negate', operand: unary() };
    }
    return primary();
  };
  const primary = (): MathNode => {
    const token = peek();
    if (!token) return fail('unexpected end of expression');
    if (token.number !== undefined) {
      position++;
      return { kind: 'number', value: Number(token.number) };
    }
    if (token.symbol === '(') {
      position++;
      const node = expression();
      expectSymbol(')');
      return node;
    }
    if (token.word !== undefined) {
      position++;
      if (peek()?.symbol !== '(') return { kind: 'id', id: token.word };
      if (!AGGREGATES.has(token.word)) {
        position--; // point at the function's name
        return fail(`unsupported function ${token.word}`);
      }
      position++;
      expectSymbol('[');
      const ids: string[] = [];
      do {
        const id = peek()?.word;
        if (id === undefined) fail('expected a query id');
        ids.push(id!);
        position++;
      } while (peek()?.symbol === ',' && ++position);
      expectSymbol(']');
      expectSymbol(')');
      return { kind: 'aggregate', name: token.word as 'SUM' | 'AVG' | 'MIN' | 'MAX', ids };
    }
    return fail(`unexpected "${token.symbol}"`);
  };
  const node = expression();
  if (position < tokens.length) fail(`unexpected "${peek()!.symbol ?? peek()!.word ?? peek()!.number}"`);
  return node;
}

/** Every query id an expression reads. */
export function referencedIds(node: MathNode): string[] {
  switch (node.kind) {
    case 'number':
      return [];
    case 'id':
      return [node.id];
    case 'negate':
      return referencedIds(node.operand);
    case 'binary':
      return [...referencedIds(node.left), ...referencedIds(node.right)];
    case 'aggregate':
      return node.ids;
  }
}

/** A time series: timestamp (epoch ms) -> value, in ascending order. */
export type Series = Map<number, number>;
type Value = number | Series;

function combine(left: Value, right: Value, apply: (a: number, b: number) => number): Value {
  if (typeof left === 'number' && typeof right === 'number') return apply(left, right);
  const out: Series = new Map();
  if (typeof left === 'number') for (const [t, v] of right as Series) out.set(t, apply(left, v));
  else if (typeof right === 'number') for (const [t, v] of left) out.set(t, apply(v, right));
  // Series with series: the timestamps both have.
  else for (const [t, v] of left) if (right.has(t)) out.set(t, apply(v, right.get(t)!));
  return out;
}

const OPERATORS = { '+': (a: number, b: number) => a + b, '-': (a: number, b: number) => a - b, '*': (a: number, b: number) => a * b, '/': (a: number, b: number) => a / b };

/** Evaluates per timestamp; points that come out not finite (x / 0) are dropped, as CloudWatch drops them. */
export function evaluateMetricMath(node: MathNode, seriesOf: (id: string) => Series): Series | number {
  const evaluate = (n: MathNode): Value => {
    switch (n.kind) {
      case 'number':
        return n.value;
      case 'id':
        return seriesOf(n.id);
      case 'negate':
        return combine(-1, evaluate(n.operand), (a, b) => a * b);
      case 'binary':
        return combine(evaluate(n.left), evaluate(n.right), OPERATORS[n.operator]);
      case 'aggregate': {
        const columns = new Map<number, number[]>();
        for (const id of n.ids) for (const [t, v] of seriesOf(id)) columns.set(t, [...(columns.get(t) ?? []), v]);
        const out: Series = new Map();
        for (const t of [...columns.keys()].sort((a, b) => a - b)) {
          const values = columns.get(t)!;
          const total = values.reduce((a, b) => a + b, 0);
          out.set(t, n.name === 'SUM' ? total : n.name === 'AVG' ? total / values.length : n.name === 'MIN' ? Math.min(...values) : Math.max(...values));
        }
        return out;
      }
    }
  };
  const value = evaluate(node);
  if (typeof value === 'number') return value;
  const sorted: Series = new Map();
  for (const t of [...value.keys()].sort((a, b) => a - b)) if (Number.isFinite(value.get(t)!)) sorted.set(t, value.get(t)!);
  return sorted;
}
