// Parser of the Logs Insights query language subset the emulator runs: fields/display (with
// arithmetic and coalesce/floor/ceil/abs/least/greatest/strcontains), filter,
// sort, limit, stats (count, count_distinct, sum, avg, min, max, pct) by bin()/fields, parse,
// dedup; `|` stages, `#` comments, backticked names, quoted strings and /regex/ literals.
// Anything else is a MalformedQueryException that names the line and position of the problem.
import { compileLinearRegex, linearRegexFlags, RegexSyntaxError, type LinearRegex } from '../aws/linear-regex.ts';
import { AwsError } from './emulator-types.ts';

export type Literal = { kind: 'string'; value: string } | { kind: 'number'; value: number };

export type Expr =
  | { kind: 'field'; name: string }
  | Literal
  | { kind: 'compare'; op: '=' | '!=' | '<' | '<=' | '>' | '>='; left: Expr; right: Expr }
  | { kind: 'like'; target: Expr; pattern: LinearRegex | string }
  | { kind: 'in'; target: Expr; values: Literal[] }
  | { kind: 'and'; left: Expr; right: Expr }
  | { kind: 'or'; left: Expr; right: Expr }
  | { kind: 'not'; operand: Expr }
  | { kind: 'ispresent'; field: string }
  | { kind: 'arith'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr }
  | { kind: 'call'; fn: ScalarFunction; args: Expr[] };

/** Functions `fields` expressions may call. */
export const SCALAR_FUNCTIONS = ['coalesce', 'floor', 'ceil', 'abs', 'least', 'greatest', 'strcontains'] as const;
export type ScalarFunction = (typeof SCALAR_FUNCTIONS)[number];

export interface FieldItem {
  expr: Expr;
  /** Output column: the alias, or the field's own name. */
  name: string;
}

export type AggregateFunction = 'count' | 'count_distinct' | 'sum' | 'avg' | 'min' | 'max' | 'pct';

export interface Aggregate {
  fn: AggregateFunction;
  /** Field argument; undefined for count(*). */
  field?: string;
  percentile?: number;
  /** Output column: the alias, or the expression as written, e.g. `count(*)`. */
  name: string;
}

export type GroupKey = { kind: 'bin'; ms: number; name: string } | { kind: 'field'; field: string; name: string };

export type Stage =
  | { kind: 'fields'; items: FieldItem[] }
  | { kind: 'display'; fields: string[] }
  | { kind: 'filter'; expr: Expr }
  | { kind: 'sort'; keys: Array<{ field: string; descending: boolean }> }
  | { kind: 'limit'; count: number }
  | { kind: 'stats'; aggregates: Aggregate[]; groups: GroupKey[] }
  | { kind: 'parse'; field: string; regex: LinearRegex; names: string[] }
  | { kind: 'dedup'; fields: string[] };

/** `SOURCE logGroups(namePrefix: [...], class: ...)`: the log groups chosen by the query itself. */
export interface QuerySource {
  namePrefixes: string[];
  logGroupClass: 'STANDARD' | 'INFREQUENT_ACCESS' | undefined;
}

export interface ParsedQuery {
  source?: QuerySource;
  stages: Stage[];
}

/** SOURCE takes at most 5 prefixes. */
export const MAX_SOURCE_PREFIXES = 5;

type TokenType = 'ident' | 'string' | 'regex' | 'number' | 'duration' | 'op' | 'punct' | 'eof';

interface Token {
  type: TokenType;
  /** Identifier name, unescaped string content, operator or punctuation text. */
  text: string;
  /** Backticked identifiers are never keywords. */
  quoted?: boolean;
  regex?: LinearRegex;
  number?: number;
  start: number;
  end: number;
}

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const MAX_LIMIT = 10_000;

class QuerySyntax {
  readonly #source: string;
  constructor(source: string) {
    this.#source = source;
  }

  /** MalformedQueryException pointing at `offset` as "line L and position P" (1-based). */
  error(offset: number, message: string): AwsError {
    const before = this.#source.slice(0, offset);
    const line = before.split('\n').length;
    const position = offset - (before.lastIndexOf('\n') + 1) + 1;
    return new AwsError('MalformedQueryException', `${message} at line ${line} and position ${position}`);
  }

  slice(start: number, end: number): string {
    return this.#source.slice(start, end);
  }
}

const NOT_OPERANDS = new Set(['like', 'in', 'and', 'or', 'not', 'by', 'as', 'filter', 'fields', 'display', 'parse', 'sort', 'stats', 'dedup', 'limit']);

/** A `/` after an operand is division; anywhere else it opens a /regex/ (`like /x/`, `parse @message /x/`). */
function divides(tokens: readonly Token[]): boolean {
  const previous = tokens[tokens.length - 1];
  if (!previous) return false;
  if (previous.type === 'number' || (previous.type === 'punct' && previous.text === ')')) return true;
  if (previous.type !== 'ident') return false;
  if (!previous.quoted && NOT_OPERANDS.has(previous.text.toLowerCase())) return false;
  const before = tokens[tokens.length - 2];
  return !(before?.type === 'ident' && !before.quoted && before.text.toLowerCase() === 'parse');
}

function tokenize(source: string, syntax: QuerySyntax): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (c === '"' || c === "'") {
      let value = '';
      i++;
      while (i < source.length && source[i] !== c) {
        if (source[i] === '\\' && i + 1 < source.length) {
          const next = source[i + 1] as string;
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
          i += 2;
        } else value += source[i++];
      }
      if (i >= source.length) throw syntax.error(start, 'Unterminated string literal');
      i++;
      tokens.push({ type: 'string', text: value, start, end: i });
      continue;
    }
    if (c === '`') {
      const close = source.indexOf('`', i + 1);
      if (close < 0) throw syntax.error(start, 'Unterminated backticked field name');
      i = close + 1;
      tokens.push({ type: 'ident', text: source.slice(start + 1, close), quoted: true, start, end: i });
      continue;
    }
    if (c === '/' && divides(tokens)) {
      i++;
      tokens.push({ type: 'op', text: '/', start, end: i });
      continue;
    }
    if (c === '/') {
      let body = '';
      i++;
      while (i < source.length && source[i] !== '/') {
        if (source[i] === '\n') break;
        if (source[i] === '\\' && source[i + 1] === '/') {
          body += '/';
          i += 2;
        } else if (source[i] === '\\' && i + 1 < source.length) {
          body += source.slice(i, i + 2);
          i += 2;
        } else body += source[i++];
      }
      if (source[i] !== '/') throw syntax.error(start, 'Unterminated regular expression');
      i++;
      let flags = '';
      while (i < source.length && /[a-z]/.test(source[i] as string)) flags += source[i++];
      if (/[^ims]/.test(flags)) throw syntax.error(start, `Unsupported regular expression flags '${flags}'`);
      // Java regex quoting (\Q...\E) has no JS equivalent: escape the quoted text instead.
      body = body.replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_m, quoted: string) => quoted.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
      // Logs Insights (Java regex) writes case-insensitivity inline: /(?i)error/.
      if (body.startsWith('(?i)')) {
        body = body.slice(4);
        if (!flags.includes('i')) flags += 'i';
      }
      // RE2 (linear time): a query's regex runs inside the gateway when the emulator is embedded.
      let regex: LinearRegex;
      try {
        regex = compileLinearRegex(body, linearRegexFlags(flags));
      } catch (error) {
        if (!(error instanceof RegexSyntaxError)) throw error;
        throw syntax.error(start, `Invalid regular expression /${body}/: ${error.message}`);
      }
      tokens.push({ type: 'regex', text: body, regex, start, end: i });
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(source.slice(i));
    if (number) {
      i += number[0].length;
      const unit = /^[a-z]+/i.exec(source.slice(i));
      if (unit) {
        const factor = DURATION_UNITS[unit[0].toLowerCase()];
        if (factor === undefined) throw syntax.error(start, `Unknown time unit '${unit[0]}'`);
        i += unit[0].length;
        tokens.push({ type: 'duration', text: source.slice(start, i), number: Number(number[0]) * factor, start, end: i });
      } else tokens.push({ type: 'number', text: number[0], number: Number(number[0]), start, end: i });
      continue;
    }
    const ident = /^@?[A-Za-z_][A-Za-z0-9_.]*/.exec(source.slice(i));
    if (ident) {
      i += ident[0].length;
      tokens.push({ type: 'ident', text: ident[0], start, end: i });
      continue;
    }
    const op = /^(=~|!=|<=|>=|==|=|<|>|!)/.exec(source.slice(i));
    if (op) {
      i += op[0].length;
      tokens.push({ type: 'op', text: op[0] === '==' ? '=' : op[0], start, end: i });
      continue;
    }
    if ('|,()[]*-+:'.includes(c)) {
      i++;
      tokens.push({ type: 'punct', text: c, start, end: i });
      continue;
    }
    throw syntax.error(start, `Unexpected symbol found ${c}`);
  }
  tokens.push({ type: 'eof', text: '', start: source.length, end: source.length });
  return tokens;
}

class Parser {
  readonly #tokens: Token[];
  readonly #syntax: QuerySyntax;
  #at = 0;

  constructor(tokens: Token[], syntax: QuerySyntax) {
    this.#tokens = tokens;
    this.#syntax = syntax;
  }

  get #peek(): Token {
    return this.#tokens[this.#at] as Token;
  }

  #atEnd(): boolean {
    return this.#peek.type === 'eof';
  }

  #next(): Token {
    const token = this.#peek;
    if (token.type !== 'eof') this.#at++;
    return token;
  }

  #fail(token: Token, message: string): AwsError {
    return this.#syntax.error(token.start, token.type === 'eof' ? `${message}, found end of query` : `${message}, found '${this.#syntax.slice(token.start, token.end)}'`);
  }

  #isKeyword(word: string, token: Token = this.#peek): boolean {
    return token.type === 'ident' && !token.quoted && token.text.toLowerCase() === word;
  }

  #isPunct(text: string): boolean {
    return this.#peek.type === 'punct' && this.#peek.text === text;
  }

  #expectPunct(text: string): Token {
    if (!this.#isPunct(text)) throw this.#fail(this.#peek, `Expected '${text}'`);
    return this.#next();
  }

  #fieldName(): string {
    const token = this.#peek;
    if (token.type !== 'ident') throw this.#fail(token, 'Expected a field name');
    this.#next();
    return token.text;
  }

  /** `as name` if present. */
  #alias(): string | undefined {
    if (!this.#isKeyword('as')) return undefined;
    this.#next();
    return this.#fieldName();
  }

  parse(): ParsedQuery {
    const stages: Stage[] = [];
    if (this.#atEnd()) throw this.#fail(this.#peek, 'Expected a query command');
    let source: QuerySource | undefined;
    if (this.#isKeyword('source')) {
      this.#next();
      source = this.#source();
      if (this.#atEnd()) throw this.#fail(this.#peek, "Expected '|' and a query command after SOURCE");
      if (!this.#isPunct('|')) throw this.#fail(this.#peek, "Expected '|' after SOURCE logGroups(...)");
      this.#next();
    }
    for (;;) {
      stages.push(this.#stage());
      if (this.#atEnd()) break;
      if (!this.#isPunct('|')) throw this.#fail(this.#peek, "Expected '|' or end of query");
      this.#next();
    }
    return source ? { source, stages } : { stages };
  }

  /** `logGroups(namePrefix: ["a", "b"], class: "STANDARD")`, after SOURCE. */
  #source(): QuerySource {
    if (!this.#isKeyword('loggroups')) throw this.#fail(this.#peek, "Expected 'logGroups(' after SOURCE");
    this.#next();
    this.#expectPunct('(');
    const source: QuerySource = { namePrefixes: [], logGroupClass: undefined };
    let sawPrefix = false;
    for (;;) {
      const name = this.#peek;
      const key = name.type === 'ident' && !name.quoted ? name.text : '';
      if (key !== 'namePrefix' && key !== 'class') throw this.#fail(name, "Expected 'namePrefix:' or 'class:'");
      this.#next();
      this.#expectPunct(':');
      if (key === 'namePrefix') {
        if (sawPrefix) throw this.#fail(name, 'namePrefix given twice');
        sawPrefix = true;
        this.#expectPunct('[');
        source.namePrefixes = this.#list(() => {
          const token = this.#next();
          if (token.type !== 'string' || token.text.length === 0) throw this.#fail(token, 'Expected a non-empty quoted log group name prefix');
          return token.text;
        });
        this.#expectPunct(']');
        if (source.namePrefixes.length > MAX_SOURCE_PREFIXES) {
          throw this.#syntax.error(name.start, `namePrefix takes at most ${MAX_SOURCE_PREFIXES} prefixes; got ${source.namePrefixes.length}`);
        }
      } else {
        const value = this.#next();
        if (value.type !== 'string' || (value.text !== 'STANDARD' && value.text !== 'INFREQUENT_ACCESS')) throw this.#fail(value, 'Expected class "STANDARD" or "INFREQUENT_ACCESS"');
        source.logGroupClass = value.text;
      }
      if (this.#isPunct(',')) {
        this.#next();
        continue;
      }
      this.#expectPunct(')');
      break;
    }
    if (!sawPrefix) throw this.#fail(this.#peek, 'SOURCE logGroups(...) needs namePrefix: [...]');
    return source;
  }

  #stage(): Stage {
    const command = this.#peek;
    if (command.type !== 'ident' || command.quoted) throw this.#fail(command, 'Expected a query command');
    this.#next();
    switch (command.text.toLowerCase()) {
      case 'fields':
        return { kind: 'fields', items: this.#list(() => this.#fieldItem()) };
      case 'display':
        return { kind: 'display', fields: this.#list(() => this.#fieldName()) };
      case 'filter':
        return { kind: 'filter', expr: this.#or() };
      case 'sort':
        return { kind: 'sort', keys: this.#list(() => this.#sortKey()) };
      case 'limit':
        return { kind: 'limit', count: this.#limit() };
      case 'stats':
        return this.#stats();
      case 'parse':
        return this.#parseStage();
      case 'dedup':
        return { kind: 'dedup', fields: this.#list(() => this.#fieldName()) };
      default:
        throw this.#syntax.error(command.start, `Unknown command '${command.text}'`);
    }
  }

  #list<T>(item: () => T): T[] {
    const items = [item()];
    while (this.#isPunct(',')) {
      this.#next();
      items.push(item());
    }
    return items;
  }

  #fieldItem(): FieldItem {
    const token = this.#peek;
    const expr = this.#sum();
    const alias = this.#alias();
    const name = alias ?? (expr.kind === 'field' ? expr.name : undefined);
    if (name === undefined) throw this.#fail(token, "A literal in 'fields' needs an alias ('as name')");
    return { expr, name };
  }

  #sortKey(): { field: string; descending: boolean } {
    const field = this.#fieldName();
    if (this.#isKeyword('desc')) {
      this.#next();
      return { field, descending: true };
    }
    if (this.#isKeyword('asc')) this.#next();
    return { field, descending: false };
  }

  #limit(): number {
    const token = this.#next();
    if (token.type !== 'number' || !Number.isInteger(token.number) || (token.number as number) < 1 || (token.number as number) > MAX_LIMIT) {
      throw this.#syntax.error(token.start, `limit must be an integer between 1 and ${MAX_LIMIT}`);
    }
    return token.number as number;
  }

  #stats(): Stage {
    const aggregates = this.#list(() => this.#aggregate());
    const groups: GroupKey[] = [];
    if (this.#isKeyword('by')) {
      this.#next();
      groups.push(...this.#list(() => this.#groupKey()));
    }
    return { kind: 'stats', aggregates, groups };
  }

  #aggregate(): Aggregate {
    const token = this.#next();
    const fn = token.type === 'ident' && !token.quoted ? token.text.toLowerCase() : '';
    if (!['count', 'count_distinct', 'sum', 'avg', 'min', 'max', 'pct'].includes(fn)) {
      throw this.#fail(token, 'Expected an aggregation function (count, count_distinct, sum, avg, min, max, pct)');
    }
    this.#expectPunct('(');
    const aggregate: Aggregate = { fn: fn as AggregateFunction, name: '' };
    if (this.#isPunct('*')) {
      if (fn !== 'count') throw this.#fail(this.#peek, `${fn}() needs a field`);
      this.#next();
    } else if (fn === 'count' && this.#isPunct(')')) {
      // count() counts every record, like count(*).
    } else aggregate.field = this.#fieldName();
    if (fn === 'pct') {
      this.#expectPunct(',');
      const percentile = this.#next();
      if (percentile.type !== 'number' || (percentile.number as number) < 0 || (percentile.number as number) > 100) {
        throw this.#fail(percentile, 'Expected a percentile between 0 and 100');
      }
      aggregate.percentile = percentile.number as number;
    }
    const close = this.#expectPunct(')');
    aggregate.name = this.#alias() ?? this.#syntax.slice(token.start, close.end);
    return aggregate;
  }

  #groupKey(): GroupKey {
    const token = this.#peek;
    if (this.#isKeyword('bin') && this.#tokens[this.#at + 1]?.text === '(') {
      this.#next();
      this.#expectPunct('(');
      const duration = this.#next();
      if (duration.type !== 'duration' || (duration.number as number) <= 0) throw this.#fail(duration, 'Expected a time period such as 5m');
      const close = this.#expectPunct(')');
      return { kind: 'bin', ms: duration.number as number, name: this.#alias() ?? this.#syntax.slice(token.start, close.end) };
    }
    const field = this.#fieldName();
    return { kind: 'field', field, name: this.#alias() ?? field };
  }

  #parseStage(): Stage {
    const field = this.#fieldName();
    const pattern = this.#next();
    if (pattern.type === 'regex') {
      const names = [...pattern.text.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1] as string);
      if (names.length === 0) throw this.#fail(pattern, 'A parse regular expression needs named groups (?<name>...)');
      return { kind: 'parse', field, regex: pattern.regex as LinearRegex, names };
    }
    if (pattern.type !== 'string') throw this.#fail(pattern, 'Expected a parse pattern ("glob with *" or /regex/)');
    const pieces = pattern.text.split('*');
    const stars = pieces.length - 1;
    if (stars === 0) throw this.#fail(pattern, "A parse glob needs at least one '*'");
    const escaped = pieces.map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    // Every `*` is lazy except a trailing one, which takes the rest of the value.
    let regexSource = escaped[0] as string;
    for (let k = 1; k < escaped.length; k++) {
      const trailing = k === escaped.length - 1 && escaped[k] === '';
      regexSource += (trailing ? '(.*)' : '(.*?)') + escaped[k];
    }
    if (!this.#isKeyword('as')) throw this.#fail(this.#peek, "Expected 'as' and one field name per '*'");
    this.#next();
    const names = this.#list(() => this.#fieldName());
    if (names.length !== stars) throw this.#fail(pattern, `The parse pattern has ${stars} '*' but ${names.length} field names follow 'as'`);
    return { kind: 'parse', field, regex: compileLinearRegex(regexSource, { dotAll: true }), names };
  }

  // filter expressions: or > and > not > comparison

  #or(): Expr {
    let left = this.#and();
    while (this.#isKeyword('or')) {
      this.#next();
      left = { kind: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): Expr {
    let left = this.#not();
    while (this.#isKeyword('and')) {
      this.#next();
      left = { kind: 'and', left, right: this.#not() };
    }
    return left;
  }

  #not(): Expr {
    if (this.#isKeyword('not') || (this.#peek.type === 'op' && this.#peek.text === '!')) {
      this.#next();
      return { kind: 'not', operand: this.#not() };
    }
    return this.#comparison();
  }

  #comparison(): Expr {
    if (this.#isPunct('(')) {
      this.#next();
      const inner = this.#or();
      this.#expectPunct(')');
      return inner;
    }
    const lower = this.#peek.type === 'ident' && !this.#peek.quoted ? this.#peek.text.toLowerCase() : '';
    if ((lower === 'ispresent' || lower === 'isempty') && this.#tokens[this.#at + 1]?.text === '(') {
      this.#next();
      this.#expectPunct('(');
      const field = this.#fieldName();
      this.#expectPunct(')');
      const present: Expr = { kind: 'ispresent', field };
      return lower === 'ispresent' ? present : { kind: 'not', operand: present };
    }
    const left = this.#operand();
    const token = this.#peek;
    let negated = false;
    if (this.#isKeyword('not')) {
      const after = this.#tokens[this.#at + 1];
      if (after && (this.#isKeyword('like', after) || this.#isKeyword('in', after))) {
        this.#next();
        negated = true;
      }
    }
    let expr: Expr;
    if (this.#isKeyword('like') || (this.#peek.type === 'op' && this.#peek.text === '=~')) {
      const isRegexOp = this.#peek.type === 'op';
      this.#next();
      const pattern = this.#next();
      if (pattern.type === 'regex') expr = { kind: 'like', target: left, pattern: pattern.regex as LinearRegex };
      else if (pattern.type === 'string' && !isRegexOp) expr = { kind: 'like', target: left, pattern: pattern.text };
      else throw this.#fail(pattern, isRegexOp ? "Expected a /regular expression/ after '=~'" : "Expected a string or /regular expression/ after 'like'");
    } else if (this.#isKeyword('in')) {
      this.#next();
      this.#expectPunct('[');
      const values = this.#list(() => this.#literal());
      this.#expectPunct(']');
      expr = { kind: 'in', target: left, values };
    } else if (this.#peek.type === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(this.#peek.text)) {
      if (negated) throw this.#fail(this.#peek, "Expected 'like' or 'in' after 'not'");
      const op = this.#next().text as '=' | '!=' | '<' | '<=' | '>' | '>=';
      expr = { kind: 'compare', op, left, right: this.#operand() };
    } else {
      throw this.#fail(token, "Expected a comparison (=, !=, <, <=, >, >=, like, =~, in)");
    }
    return negated ? { kind: 'not', operand: expr } : expr;
  }

  // fields expressions: sum > product > unary minus > call / parenthesis / operand

  #sum(): Expr {
    let left = this.#product();
    while ((this.#peek.type === 'punct' && (this.#peek.text === '+' || this.#peek.text === '-'))) {
      const op = this.#next().text as '+' | '-';
      left = { kind: 'arith', op, left, right: this.#product() };
    }
    return left;
  }

  #product(): Expr {
    let left = this.#factor();
    while ((this.#peek.type === 'punct' && this.#peek.text === '*') || (this.#peek.type === 'op' && this.#peek.text === '/')) {
      const op = this.#next().text as '*' | '/';
      left = { kind: 'arith', op, left, right: this.#factor() };
    }
    return left;
  }

  #factor(): Expr {
    if (this.#isPunct('(')) {
      this.#next();
      const inner = this.#sum();
      this.#expectPunct(')');
      return inner;
    }
    if (this.#isPunct('-') && this.#tokens[this.#at + 1]?.type !== 'number') {
      this.#next();
      return { kind: 'arith', op: '-', left: { kind: 'number', value: 0 }, right: this.#factor() };
    }
    const token = this.#peek;
    if (token.type === 'ident' && !token.quoted && this.#tokens[this.#at + 1]?.text === '(' && this.#tokens[this.#at + 1]?.type === 'punct') {
      const fn = token.text.toLowerCase();
      if (!(SCALAR_FUNCTIONS as readonly string[]).includes(fn)) throw this.#fail(token, `Unknown function; functions: ${SCALAR_FUNCTIONS.join(', ')}`);
      this.#next();
      this.#expectPunct('(');
      const args = this.#list(() => this.#sum());
      this.#expectPunct(')');
      const arity: Record<ScalarFunction, [number, number]> = { coalesce: [1, 100], floor: [1, 1], ceil: [1, 1], abs: [1, 1], least: [1, 100], greatest: [1, 100], strcontains: [2, 2] };
      const [min, max] = arity[fn as ScalarFunction];
      if (args.length < min || args.length > max) throw this.#fail(token, `${fn}() takes ${min === max ? min : `${min} or more`} arguments`);
      return { kind: 'call', fn: fn as ScalarFunction, args };
    }
    return this.#operand();
  }

  #literal(): Literal {
    const token = this.#peek;
    const expr = this.#operand();
    if (expr.kind !== 'string' && expr.kind !== 'number') throw this.#fail(token, 'Expected a string or number literal');
    return expr;
  }

  #operand(): Expr {
    const token = this.#next();
    if (token.type === 'ident') {
      if (!token.quoted && ['and', 'or', 'not', 'like', 'in', 'by', 'as'].includes(token.text.toLowerCase())) {
        throw this.#fail(token, 'Expected a field name or a literal');
      }
      return { kind: 'field', name: token.text };
    }
    if (token.type === 'string') return { kind: 'string', value: token.text };
    if (token.type === 'number') return { kind: 'number', value: token.number as number };
    if (token.type === 'punct' && token.text === '-' && this.#peek.type === 'number') {
      return { kind: 'number', value: -(this.#next().number as number) };
    }
    throw this.#fail(token, 'Expected a field name or a literal');
  }
}

/** Parses a Logs Insights query; throws AwsError('MalformedQueryException') on anything else. */
export function parseInsightsQuery(queryString: string): ParsedQuery {
  const syntax = new QuerySyntax(queryString);
  return new Parser(tokenize(queryString, syntax), syntax).parse();
}
