// Parser and evaluator for the subset of X-Ray's filter-expression language the emulator serves:
// boolean keywords (ok, error, fault, throttle, partial), number keywords (responsetime, duration,
// http.status), string keywords (http.url, http.method, http.useragent, http.clientip, user,
// groupname), annotation.key / annotation[key], service(...) and edge(...) with an optional
// `{ ... }` sub-filter, `!`, AND/OR/&&/||, parentheses. Keywords are case-insensitive, as in X-Ray.
// Anything else is an InvalidRequestException naming what was wrong and where.

import { AwsError } from './emulator-types.ts';

export type AnnotationScalar = string | number | boolean;

/** What a filter is evaluated against: a whole trace, or one service node / edge of it. */
export interface FilterSubject {
  fault: boolean;
  error: boolean;
  throttle: boolean;
  partial: boolean;
  /** Seconds; undefined when unknown (e.g. in progress). */
  responseTime: number | undefined;
  duration: number | undefined;
  http: { url?: string; method?: string; status?: number; userAgent?: string; clientIp?: string };
  users: readonly string[];
  annotations: ReadonlyMap<string, readonly AnnotationScalar[]>;
  services: readonly FilterServiceNode[];
  edges: readonly FilterEdge[];
}

export interface FilterServiceNode {
  name: string;
  type: string | undefined;
  /** The node's own flags, times and http, for `service("x") { fault }`. */
  subject: FilterSubject;
}

export interface FilterEdge {
  from: string;
  to: string;
  /** The downstream call's flags and times, for `edge("a", "b") { error }`. */
  subject: FilterSubject;
}

type BooleanKeyword = 'ok' | 'error' | 'fault' | 'throttle' | 'partial';
type NumberField = 'responsetime' | 'duration' | 'http.status';
type StringField = 'http.url' | 'http.method' | 'http.useragent' | 'http.clientip' | 'user' | 'groupname';
type NumberOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';
type StringOperator = '=' | '!=' | 'CONTAINS' | 'BEGINSWITH' | 'ENDSWITH';

interface ServiceSelector {
  name: string | undefined;
  type: string | undefined;
}

export type FilterExpression =
  | { kind: 'and' | 'or'; left: FilterExpression; right: FilterExpression }
  | { kind: 'not'; operand: FilterExpression }
  | { kind: 'keyword'; keyword: BooleanKeyword }
  | { kind: 'number'; field: NumberField; operator: NumberOperator; value: number }
  | { kind: 'string'; field: StringField; operator: StringOperator; value: string }
  | { kind: 'annotation'; key: string; operator: NumberOperator | StringOperator; value: AnnotationScalar }
  | { kind: 'service'; selector: ServiceSelector; filter: FilterExpression | undefined }
  | { kind: 'edge'; from: ServiceSelector; to: ServiceSelector; filter: FilterExpression | undefined };

const BOOLEAN_KEYWORDS = new Set<string>(['ok', 'error', 'fault', 'throttle', 'partial']);
const NUMBER_FIELDS = new Set<string>(['responsetime', 'duration', 'http.status']);
const STRING_FIELDS = new Set<string>(['http.url', 'http.method', 'http.useragent', 'http.clientip', 'user', 'groupname']);
const NUMBER_OPERATORS = new Set<string>(['=', '!=', '<', '<=', '>', '>=']);
const STRING_WORD_OPERATORS = new Set<string>(['CONTAINS', 'BEGINSWITH', 'ENDSWITH']);
/** X-Ray's documented maximum FilterExpression length. */
export const MAX_FILTER_EXPRESSION_LENGTH = 2000;

// ---- lexer ----

type Token =
  | { type: 'string'; value: string; position: number }
  | { type: 'number'; value: number; position: number }
  | { type: 'word'; value: string; position: number }
  | { type: 'symbol'; value: string; position: number }
  | { type: 'end'; position: number };

const SYMBOLS = ['&&', '||', '!=', '<=', '>=', '=', '<', '>', '!', '(', ')', '{', '}', ',', ':', '[', ']'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    // X-Ray's string literals are double-quoted only; a backslash escapes the next character.
    if (ch === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw invalid(`Unterminated string literal starting at position ${start + 1}`);
        const c = text[i]!;
        if (c === '\\') {
          if (i + 1 >= text.length) throw invalid(`Unterminated string literal starting at position ${start + 1}`);
          value += text[i + 1]!;
          i += 2;
          continue;
        }
        if (c === ch) {
          i++;
          break;
        }
        value += c;
        i++;
      }
      tokens.push({ type: 'string', value, position: start });
      continue;
    }
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (number !== null && (ch !== '-' || /\d/.test(text[i + 1] ?? ''))) {
      tokens.push({ type: 'number', value: Number(number[0]), position: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.\-]*/.exec(text.slice(i));
    if (word !== null) {
      tokens.push({ type: 'word', value: word[0], position: i });
      i += word[0].length;
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (symbol !== undefined) {
      tokens.push({ type: 'symbol', value: symbol, position: i });
      i += symbol.length;
      continue;
    }
    throw invalid(`Unexpected character '${ch}' at position ${i + 1}`);
  }
  tokens.push({ type: 'end', position: text.length });
  return tokens;
}

// ---- parser (recursive descent) ----

class Parser {
  readonly #tokens: Token[];
  #index = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  parse(): FilterExpression {
    const expression = this.#or();
    const rest = this.#peek();
    if (rest.type !== 'end') throw invalid(`Unexpected ${describe(rest)} at position ${rest.position + 1}`);
    return expression;
  }

  #peek(): Token {
    return this.#tokens[this.#index]!;
  }

  #advance(): Token {
    const token = this.#tokens[this.#index]!;
    if (token.type !== 'end') this.#index++;
    return token;
  }

  #isSymbol(value: string): boolean {
    const token = this.#peek();
    return token.type === 'symbol' && token.value === value;
  }

  #isWord(value: string): boolean {
    const token = this.#peek();
    return token.type === 'word' && token.value.toUpperCase() === value;
  }

  #expectSymbol(value: string): void {
    const token = this.#advance();
    if (token.type !== 'symbol' || token.value !== value) {
      throw invalid(`Expected '${value}' but found ${describe(token)} at position ${token.position + 1}`);
    }
  }

  #or(): FilterExpression {
    let left = this.#and();
    while (this.#isWord('OR') || this.#isSymbol('||')) {
      this.#advance();
      left = { kind: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): FilterExpression {
    let left = this.#unary();
    while (this.#isWord('AND') || this.#isSymbol('&&')) {
      this.#advance();
      left = { kind: 'and', left, right: this.#unary() };
    }
    return left;
  }

  #unary(): FilterExpression {
    if (this.#isSymbol('!')) {
      this.#advance();
      return { kind: 'not', operand: this.#unary() };
    }
    return this.#primary();
  }

  #primary(): FilterExpression {
    const token = this.#advance();
    if (token.type === 'symbol' && token.value === '(') {
      const inner = this.#or();
      this.#expectSymbol(')');
      return inner;
    }
    if (token.type !== 'word') {
      throw invalid(`Unexpected ${describe(token)} at position ${token.position + 1}`);
    }
    const word = token.value.toLowerCase();
    if (word === 'service') return this.#service();
    if (word === 'edge') return this.#edge();
    if (BOOLEAN_KEYWORDS.has(word)) return { kind: 'keyword', keyword: word as BooleanKeyword };
    if (NUMBER_FIELDS.has(word)) {
      const operator = this.#operator(token);
      if (!NUMBER_OPERATORS.has(operator)) {
        throw invalid(`Operator ${operator} cannot be used with number keyword ${word}`);
      }
      const value = this.#advance();
      if (value.type !== 'number') {
        throw invalid(`Keyword ${word} expects a number but found ${describe(value)} at position ${value.position + 1}`);
      }
      return { kind: 'number', field: word as NumberField, operator: operator as NumberOperator, value: value.value };
    }
    if (STRING_FIELDS.has(word)) {
      const operator = this.#operator(token);
      if (operator !== '=' && operator !== '!=' && !STRING_WORD_OPERATORS.has(operator)) {
        throw invalid(`Operator ${operator} cannot be used with string keyword ${word}`);
      }
      const value = this.#advance();
      if (value.type !== 'string') {
        throw invalid(`Keyword ${word} expects a string but found ${describe(value)} at position ${value.position + 1}`);
      }
      return { kind: 'string', field: word as StringField, operator: operator as StringOperator, value: value.value };
    }
    const key = this.#annotationKey(token);
    if (key !== undefined) {
      const operator = this.#operator(token);
      const value = this.#advance();
      let literal: AnnotationScalar;
      if (value.type === 'string' || value.type === 'number') literal = value.value;
      else if (value.type === 'word' && /^(true|false)$/i.test(value.value)) literal = value.value.toLowerCase() === 'true';
      else throw invalid(`Annotation ${key} expects a string, number or boolean but found ${describe(value)}`);
      if (typeof literal !== 'string' && STRING_WORD_OPERATORS.has(operator)) {
        throw invalid(`Operator ${operator} needs a string value for annotation ${key}`);
      }
      if (typeof literal === 'boolean' && operator !== '=' && operator !== '!=') {
        throw invalid(`Operator ${operator} cannot compare annotation ${key} with a boolean`);
      }
      return { kind: 'annotation', key, operator: operator as NumberOperator | StringOperator, value: literal };
    }
    throw invalid(`Unknown keyword '${token.value}' at position ${token.position + 1}`);
  }

  /** `annotation.key` (one word token) or `annotation[key]` / `annotation["key"]`. */
  #annotationKey(token: Token & { type: 'word' }): string | undefined {
    const lower = token.value.toLowerCase();
    if (lower.startsWith('annotation.') && token.value.length > 'annotation.'.length) {
      return token.value.slice('annotation.'.length);
    }
    if (lower === 'annotation' && this.#isSymbol('[')) {
      this.#advance();
      const key = this.#advance();
      if (key.type !== 'word' && key.type !== 'string') {
        throw invalid(`Expected an annotation key but found ${describe(key)} at position ${key.position + 1}`);
      }
      this.#expectSymbol(']');
      return String(key.value);
    }
    return undefined;
  }

  #operator(after: Token & { type: 'word' }): string {
    const token = this.#advance();
    if (token.type === 'symbol' && NUMBER_OPERATORS.has(token.value)) return token.value;
    if (token.type === 'word' && STRING_WORD_OPERATORS.has(token.value.toUpperCase())) return token.value.toUpperCase();
    throw invalid(`Expected an operator after ${after.value} but found ${describe(token)} at position ${token.position + 1}`);
  }

  #service(): FilterExpression {
    this.#expectSymbol('(');
    const selector = this.#isSymbol(')') ? { name: undefined, type: undefined } : this.#selector();
    this.#expectSymbol(')');
    return { kind: 'service', selector, filter: this.#subFilter() };
  }

  #edge(): FilterExpression {
    this.#expectSymbol('(');
    const from = this.#selector();
    this.#expectSymbol(',');
    const to = this.#selector();
    this.#expectSymbol(')');
    return { kind: 'edge', from, to, filter: this.#subFilter() };
  }

  #subFilter(): FilterExpression | undefined {
    if (!this.#isSymbol('{')) return undefined;
    this.#advance();
    const inner = this.#or();
    this.#expectSymbol('}');
    return inner;
  }

  /** `"name"` or `id(name: "x", type: "AWS::...")`. */
  #selector(): ServiceSelector {
    const token = this.#advance();
    if (token.type === 'string') return { name: token.value, type: undefined };
    if (token.type === 'word' && token.value.toLowerCase() === 'id') {
      this.#expectSymbol('(');
      const selector: ServiceSelector = { name: undefined, type: undefined };
      while (!this.#isSymbol(')')) {
        const field = this.#advance();
        if (field.type !== 'word' || !/^(name|type)$/i.test(field.value)) {
          throw invalid(`Expected name or type in id(...) but found ${describe(field)} at position ${field.position + 1}`);
        }
        this.#expectSymbol(':');
        const value = this.#advance();
        if (value.type !== 'string') {
          throw invalid(`Expected a string for id ${field.value} but found ${describe(value)} at position ${value.position + 1}`);
        }
        if (field.value.toLowerCase() === 'name') selector.name = value.value;
        else selector.type = value.value;
        if (this.#isSymbol(',')) this.#advance();
        else break;
      }
      this.#expectSymbol(')');
      return selector;
    }
    throw invalid(`Expected a service name string or id(...) but found ${describe(token)} at position ${token.position + 1}`);
  }
}

function describe(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'end of expression';
    case 'string':
      return `string "${token.value}"`;
    default:
      return `'${token.value}'`;
  }
}

function invalid(message: string): AwsError {
  return new AwsError('InvalidRequestException', `Invalid filter expression: ${message}`);
}

/** Parses a filter expression; throws an InvalidRequestException AwsError when it is not valid. */
export function parseFilterExpression(text: string): FilterExpression {
  if (text.length > MAX_FILTER_EXPRESSION_LENGTH) {
    throw new AwsError(
      'InvalidRequestException',
      `FilterExpression must be at most ${MAX_FILTER_EXPRESSION_LENGTH} characters long.`,
    );
  }
  if (text.trim().length === 0) throw invalid('the expression is empty');
  return new Parser(tokenize(text)).parse();
}

// ---- evaluation ----

export function matchesFilter(expression: FilterExpression, subject: FilterSubject): boolean {
  switch (expression.kind) {
    case 'and':
      return matchesFilter(expression.left, subject) && matchesFilter(expression.right, subject);
    case 'or':
      return matchesFilter(expression.left, subject) || matchesFilter(expression.right, subject);
    case 'not':
      return !matchesFilter(expression.operand, subject);
    case 'keyword':
      return expression.keyword === 'ok'
        ? !subject.fault && !subject.error && !subject.throttle
        : subject[expression.keyword];
    case 'number': {
      const actual =
        expression.field === 'responsetime'
          ? subject.responseTime
          : expression.field === 'duration'
            ? subject.duration
            : subject.http.status;
      return actual !== undefined && compareNumbers(actual, expression.operator, expression.value);
    }
    case 'string': {
      if (expression.field === 'user') {
        return subject.users.some((user) => compareStrings(user, expression.operator, expression.value));
      }
      // The emulator keeps every trace in X-Ray's one built-in group.
      const actual = expression.field === 'groupname' ? 'Default' : httpString(subject, expression.field);
      return actual !== undefined && compareStrings(actual, expression.operator, expression.value);
    }
    case 'annotation': {
      const values = subject.annotations.get(expression.key) ?? [];
      return values.some((value) => compareAnnotation(value, expression.operator, expression.value));
    }
    case 'service':
      return subject.services.some(
        (node) =>
          selects(expression.selector, node.name, node.type) &&
          (expression.filter === undefined || matchesFilter(expression.filter, node.subject)),
      );
    case 'edge':
      return subject.edges.some(
        (edge) =>
          selects(expression.from, edge.from, undefined) &&
          selects(expression.to, edge.to, undefined) &&
          (expression.filter === undefined || matchesFilter(expression.filter, edge.subject)),
      );
  }
}

function selects(selector: ServiceSelector, name: string, type: string | undefined): boolean {
  return (
    (selector.name === undefined || selector.name === name) &&
    (selector.type === undefined || type === undefined || selector.type === type)
  );
}

function httpString(subject: FilterSubject, field: StringField): string | undefined {
  switch (field) {
    case 'http.url':
      return subject.http.url;
    case 'http.method':
      return subject.http.method;
    case 'http.useragent':
      return subject.http.userAgent;
    case 'http.clientip':
      return subject.http.clientIp;
    default:
      return undefined;
  }
}

function compareNumbers(actual: number, operator: NumberOperator, expected: number): boolean {
  switch (operator) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
  }
}

function compareStrings(actual: string, operator: StringOperator, expected: string): boolean {
  switch (operator) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case 'CONTAINS':
      return actual.includes(expected);
    case 'BEGINSWITH':
      return actual.startsWith(expected);
    case 'ENDSWITH':
      return actual.endsWith(expected);
  }
}

function compareAnnotation(actual: AnnotationScalar, operator: NumberOperator | StringOperator, expected: AnnotationScalar): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') {
    return NUMBER_OPERATORS.has(operator) && compareNumbers(actual, operator as NumberOperator, expected);
  }
  if (typeof actual === 'string' && typeof expected === 'string') {
    if (operator === '=' || operator === '!=' || STRING_WORD_OPERATORS.has(operator)) {
      return compareStrings(actual, operator as StringOperator, expected);
    }
    return compareNumbers(actual.localeCompare(expected), operator as NumberOperator, 0);
  }
  if (typeof actual === 'boolean' && typeof expected === 'boolean') {
    return operator === '=' ? actual === expected : operator === '!=' && actual !== expected;
  }
  return false;
}
