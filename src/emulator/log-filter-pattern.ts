// CloudWatch Logs filter patterns as FilterLogEvents applies them: terms (all must occur,
// case-sensitive), "quoted phrases", ?optional terms (at least one must occur), -excluded terms,
// %regex%, and JSON patterns `{ $.level = "ERROR" && $.latency > 500 }`.
import { compileLinearRegex, RegexSyntaxError, type LinearRegex } from '../aws/linear-regex.ts';
import { AwsError } from './emulator-types.ts';

export type LogEventMatcher = (message: string) => boolean;

const MAX_PATTERN_LENGTH = 1024;

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterException', `Invalid filter pattern: ${message}`);
}

/** Compiles a filter pattern; an empty pattern matches everything. */
export function compileFilterPattern(pattern: string | undefined): LogEventMatcher {
  if (pattern === undefined || pattern.trim() === '') return () => true;
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new AwsError(
      'InvalidParameterException',
      `1 validation error detected: Value at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PATTERN_LENGTH}`,
    );
  }
  const text = pattern.trim();
  if (text.startsWith('{')) return compileJsonPattern(text);
  if (text.startsWith('[')) throw invalid('space-delimited patterns ([field, ...]) are not supported by this emulator');
  return compileTermPattern(text);
}

interface Term {
  kind: 'required' | 'optional' | 'excluded';
  test: (message: string) => boolean;
}

function compileTermPattern(text: string): LogEventMatcher {
  const terms: Term[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length) break;
    let kind: Term['kind'] = 'required';
    if (text[i] === '?') {
      kind = 'optional';
      i++;
    } else if (text[i] === '-' && i + 1 < text.length && !/\s/.test(text[i + 1] as string)) {
      kind = 'excluded';
      i++;
    }
    let test: (message: string) => boolean;
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) throw invalid('unterminated quoted term');
      const phrase = text.slice(i + 1, close);
      test = (message) => message.includes(phrase);
      i = close + 1;
    } else if (text[i] === '%') {
      const close = text.indexOf('%', i + 1);
      if (close < 0) throw invalid('unterminated %regex%');
      let regex: LinearRegex;
      try {
        regex = compileLinearRegex(text.slice(i + 1, close));
      } catch (error) {
        if (!(error instanceof RegexSyntaxError)) throw error;
        throw invalid(error.message);
      }
      test = (message) => regex.test(message);
      i = close + 1;
    } else {
      const start = i;
      while (i < text.length && !/\s/.test(text[i] as string)) i++;
      const word = text.slice(start, i);
      test = (message) => message.includes(word);
    }
    terms.push({ kind, test });
  }
  const required = terms.filter((term) => term.kind === 'required');
  const optional = terms.filter((term) => term.kind === 'optional');
  const excluded = terms.filter((term) => term.kind === 'excluded');
  return (message) =>
    required.every((term) => term.test(message)) &&
    (optional.length === 0 || optional.some((term) => term.test(message))) &&
    !excluded.some((term) => term.test(message));
}

// JSON patterns: { SELECTOR OP VALUE } joined by && / || with parentheses.

type JsonNode =
  | { kind: 'and'; left: JsonNode; right: JsonNode }
  | { kind: 'or'; left: JsonNode; right: JsonNode }
  | { kind: 'compare'; path: string[]; op: string; value: string | number | boolean | null; wildcard: boolean }
  | { kind: 'exists'; path: string[]; negated: boolean };

function compileJsonPattern(text: string): LogEventMatcher {
  if (!text.endsWith('}')) throw invalid("a JSON pattern must end with '}'");
  const body = text.slice(1, -1);
  const tokens = body.match(/\$(?:\.[A-Za-z0-9_\-@]+|\[\d+\])+|"(?:[^"\\]|\\.)*"|&&|\|\||!=|>=|<=|=|<|>|\(|\)|[^\s()&|=!<>"]+/g) ?? [];
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const next = (): string => {
    const token = tokens[at++];
    if (token === undefined) throw invalid('unexpected end of JSON pattern');
    return token;
  };
  const or = (): JsonNode => {
    let left = and();
    while (peek() === '||') {
      next();
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): JsonNode => {
    let left = primary();
    while (peek() === '&&') {
      next();
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  const primary = (): JsonNode => {
    if (peek() === '(') {
      next();
      const inner = or();
      if (next() !== ')') throw invalid("expected ')'");
      return inner;
    }
    const selector = next();
    if (!selector.startsWith('$')) throw invalid(`expected a selector like $.field, found '${selector}'`);
    const path = [...selector.matchAll(/\.([A-Za-z0-9_\-@]+)|\[(\d+)\]/g)].map((m) => (m[1] ?? m[2]) as string);
    const op = next();
    if (!['=', '!=', '<', '<=', '>', '>='].includes(op)) throw invalid(`unexpected operator '${op}'`);
    const raw = next();
    if (raw === 'EXISTS' || raw === 'NOT') {
      if (raw === 'NOT' && next() !== 'EXISTS') throw invalid('expected NOT EXISTS');
      return { kind: 'exists', path, negated: raw === 'NOT' };
    }
    if (raw.startsWith('"')) return { kind: 'compare', path, op, value: JSON.parse(raw) as string, wildcard: raw.includes('*') };
    if (raw === 'true' || raw === 'false') return { kind: 'compare', path, op, value: raw === 'true', wildcard: false };
    if (raw === 'NULL') return { kind: 'compare', path, op, value: null, wildcard: false };
    if (!Number.isNaN(Number(raw))) return { kind: 'compare', path, op, value: Number(raw), wildcard: false };
    return { kind: 'compare', path, op, value: raw, wildcard: raw.includes('*') };
  };
  const tree = or();
  if (at < tokens.length) throw invalid(`unexpected '${tokens[at]}'`);
  return (message) => {
    let document: unknown;
    try {
      document = JSON.parse(message);
    } catch {
      return false;
    }
    return evaluateJson(tree, document);
  };
}

function select(document: unknown, path: readonly string[]): unknown {
  let node = document;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function evaluateJson(node: JsonNode, document: unknown): boolean {
  if (node.kind === 'and') return evaluateJson(node.left, document) && evaluateJson(node.right, document);
  if (node.kind === 'or') return evaluateJson(node.left, document) || evaluateJson(node.right, document);
  const value = select(document, node.path);
  if (node.kind === 'exists') return (value !== undefined) !== node.negated;
  if (value === undefined) return false;
  if (typeof node.value === 'number') {
    if (typeof value !== 'number') return false;
    switch (node.op) {
      case '=':
        return value === node.value;
      case '!=':
        return value !== node.value;
      case '<':
        return value < node.value;
      case '<=':
        return value <= node.value;
      case '>':
        return value > node.value;
      default:
        return value >= node.value;
    }
  }
  if (node.op !== '=' && node.op !== '!=') return false;
  let equal: boolean;
  if (typeof node.value === 'string' && node.wildcard) {
    const regex = compileLinearRegex(`^${node.value.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, { dotAll: true });
    equal = typeof value === 'string' && regex.test(value);
  } else equal = value === node.value;
  return node.op === '=' ? equal : !equal;
}
