// Executes a parsed Logs Insights query over the LogStore: scans the events of the given groups in
// [start, end], runs the stages in order (newest first unless sorted otherwise) and renders rows as
// Logs Insights does: every value a string, times as "YYYY-MM-DD HH:mm:ss.SSS" (UTC), `@ptr` on
// every non-aggregated row. Pure apart from reading the store.
import type { Expr, ParsedQuery, Stage } from './logs-insights-parser.ts';
import type { LogStore, StoredLogEvent } from './log-store.ts';

type Value = string | number | boolean | undefined;

export interface ResultField {
  field: string;
  value: string;
}

export interface InsightsStatistics {
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
  logGroupsScanned: number;
}

export interface InsightsResult {
  results: ResultField[][];
  statistics: InsightsStatistics;
}

export interface InsightsScope {
  store: LogStore;
  logGroupNames: readonly string[];
  /** Epoch ms, inclusive. */
  startMs: number;
  /** Epoch ms, inclusive. */
  endMs: number;
  accountId: string;
  /** Results cap when the query has no `limit` command (StartQuery's `limit`; default 10,000). */
  limit?: number;
}

const DEFAULT_LIMIT = 10_000;
const SYSTEM_FIELDS = ['@timestamp', '@message', '@logStream', '@log', '@ingestionTime'] as const;

/** "2026-11-25 10:00:00.000", the way Logs Insights prints times. */
export function formatInsightsTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** Opaque `@ptr`: enough to find the record again (group and arrival sequence). */
export function encodePointer(logGroupName: string, sequence: number): string {
  return Buffer.from(`${logGroupName}\u0000${sequence}`, 'utf8').toString('base64url');
}

/** Top-level and nested keys of a JSON message as Logs Insights discovers them (`a.b`, `list.0`). */
export function discoverJsonFields(message: string): Map<string, Value> {
  const fields = new Map<string, Value>();
  const text = message.trimStart();
  if (!text.startsWith('{')) return fields;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fields;
  }
  const walk = (value: unknown, path: string): void => {
    if (value === null || value === undefined) return;
    if (typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key);
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      fields.set(path, value);
    }
  };
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) walk(parsed, '');
  return fields;
}

interface Row {
  get(name: string): Value;
  /** False when `field` is a discovered JSON field that cannot equal `text` (a raw-message pre-check). */
  mayEqual?(field: string, text: string): boolean;
  /** Every field name the row has, for queries without `fields`/`display`. */
  names(): string[];
  set(name: string, value: Value): void;
  pointer?: string;
}

class EventRow implements Row {
  readonly #event: StoredLogEvent;
  readonly #logGroupName: string;
  readonly #accountId: string;
  #json: Map<string, Value> | undefined;
  #computed: Map<string, Value> | undefined;

  readonly timestamp: number;

  constructor(event: StoredLogEvent, logGroupName: string, accountId: string) {
    this.#event = event;
    this.#logGroupName = logGroupName;
    this.#accountId = accountId;
    this.timestamp = event.timestamp;
  }

  mayEqual(field: string, text: string): boolean {
    if (field.startsWith('@') || this.#computed?.has(field)) return true;
    return this.#event.message.includes(text);
  }

  get pointer(): string {
    return encodePointer(this.#logGroupName, this.#event.sequence);
  }

  get(name: string): Value {
    if (this.#computed?.has(name)) return this.#computed.get(name);
    switch (name) {
      case '@timestamp':
        return this.#event.timestamp;
      case '@message':
        return this.#event.message;
      case '@logStream':
        return this.#event.logStreamName;
      case '@log':
        return `${this.#accountId}:${this.#logGroupName}`;
      case '@ingestionTime':
        return this.#event.ingestionTime;
      case '@ptr':
        return this.pointer;
    }
    this.#json ??= discoverJsonFields(this.#event.message);
    return this.#json.get(name);
  }

  set(name: string, value: Value): void {
    this.#computed ??= new Map();
    this.#computed.set(name, value);
  }

  names(): string[] {
    this.#json ??= discoverJsonFields(this.#event.message);
    const names: string[] = [...SYSTEM_FIELDS, ...this.#json.keys()];
    for (const name of this.#computed?.keys() ?? []) if (!names.includes(name)) names.push(name);
    return names;
  }
}

class MapRow implements Row {
  readonly #values = new Map<string, Value>();
  get(name: string): Value {
    return this.#values.get(name);
  }
  set(name: string, value: Value): void {
    this.#values.set(name, value);
  }
  names(): string[] {
    return [...this.#values.keys()];
  }
}

function asNumber(value: Value): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

function asText(value: Value): string | undefined {
  return value === undefined ? undefined : String(value);
}

function arithmetic(op: '+' | '-' | '*' | '/', left: Value, right: Value): Value {
  const a = asNumber(left);
  const b = asNumber(right);
  // Logs Insights: arithmetic on a missing (null) value is null.
  if (a === undefined || b === undefined) return undefined;
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
  }
}

function call(expr: Extract<Expr, { kind: 'call' }>, row: Row): Value {
  const values = expr.args.map((arg) => evaluate(arg, row));
  const numbers = (): number[] => values.map(asNumber).filter((n): n is number => n !== undefined);
  switch (expr.fn) {
    case 'coalesce':
      return values.find((value) => value !== undefined);
    case 'floor':
    case 'ceil':
    case 'abs': {
      const n = asNumber(values[0]);
      return n === undefined ? undefined : Math[expr.fn](n);
    }
    case 'least':
    case 'greatest': {
      const list = numbers();
      return list.length === 0 ? undefined : expr.fn === 'least' ? Math.min(...list) : Math.max(...list);
    }
    case 'strcontains': {
      const text = asText(values[0]);
      const search = asText(values[1]);
      return text === undefined || search === undefined ? undefined : text.includes(search) ? 1 : 0;
    }
  }
}

function evaluate(expr: Expr, row: Row): Value {
  switch (expr.kind) {
    case 'field':
      return row.get(expr.name);
    case 'string':
    case 'number':
      return expr.value;
    case 'arith':
      return arithmetic(expr.op, evaluate(expr.left, row), evaluate(expr.right, row));
    case 'call':
      return call(expr, row);
    default:
      return test(expr, row);
  }
}

function compare(op: '=' | '!=' | '<' | '<=' | '>' | '>=', left: Value, right: Value): boolean {
  // A missing field never satisfies a comparison (as in Logs Insights, where it is null).
  if (left === undefined || right === undefined) return false;
  const a = asNumber(left);
  const b = asNumber(right);
  const numeric = a !== undefined && b !== undefined && (typeof left === 'number' || typeof right === 'number');
  const order = numeric ? (a as number) - (b as number) : String(left) < String(right) ? -1 : String(left) > String(right) ? 1 : 0;
  switch (op) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

/**
 * `field = "text"` on a JSON field can only hold if the raw message contains the text: skip the
 * JSON parse when it does not. Only for plain ASCII needles, which JSON never escapes.
 */
function cannotContain(expr: Extract<Expr, { kind: 'compare' }>, row: Row): boolean {
  if (!row.mayEqual || expr.left.kind !== 'field' || expr.right.kind !== 'string') return false;
  const needle = expr.right.value;
  return /^[\x20-\x7e]*$/.test(needle) && !/["\\/]/.test(needle) && !row.mayEqual(expr.left.name, needle);
}

function test(expr: Expr, row: Row): boolean {
  switch (expr.kind) {
    case 'and':
      return test(expr.left, row) && test(expr.right, row);
    case 'or':
      return test(expr.left, row) || test(expr.right, row);
    case 'not':
      return !test(expr.operand, row);
    case 'ispresent':
      return row.get(expr.field) !== undefined;
    case 'compare':
      if (expr.op === '=' && cannotContain(expr, row)) return false;
      return compare(expr.op, evaluate(expr.left, row), evaluate(expr.right, row));
    case 'like': {
      const text = asText(evaluate(expr.target, row));
      if (text === undefined) return false;
      if (typeof expr.pattern === 'string') return text.includes(expr.pattern);
      return expr.pattern.test(text);
    }
    case 'in': {
      // As for `=`: a JSON field can only equal one of the strings if the raw message contains it.
      if (row.mayEqual && expr.target.kind === 'field') {
        const field = expr.target.name;
        const plain = expr.values.every((literal) => literal.kind === 'string' && /^[\x20-\x7e]*$/.test(literal.value) && !/["\\/]/.test(literal.value));
        if (plain && !expr.values.some((literal) => row.mayEqual!(field, String(literal.value)))) return false;
      }
      const value = evaluate(expr.target, row);
      return expr.values.some((literal) => compare('=', value, literal.value));
    }
    case 'field': {
      const value = row.get(expr.name);
      return value !== undefined && value !== '' && value !== false && value !== 0;
    }
    case 'string':
      return expr.value !== '';
    case 'number':
      return expr.value !== 0;
    case 'arith':
    case 'call': {
      const value = evaluate(expr, row);
      return value !== undefined && value !== '' && value !== 0;
    }
  }
}

function sortValueOrder(a: Value, b: Value): number {
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x - y;
  const s = String(a);
  const t = String(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  // Nearest rank.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

function aggregateRows(stage: Extract<Stage, { kind: 'stats' }>, rows: readonly Row[], timeColumns: Set<string>): Row[] {
  const groups = new Map<string, { keys: Value[]; rows: Row[] }>();
  for (const row of rows) {
    const keys = stage.groups.map((group): Value => {
      if (group.kind === 'bin') {
        const ts = asNumber(row.get('@timestamp'));
        return ts === undefined ? undefined : Math.floor(ts / group.ms) * group.ms;
      }
      return row.get(group.field);
    });
    const id = JSON.stringify(keys);
    let bucket = groups.get(id);
    if (!bucket) {
      bucket = { keys, rows: [] };
      groups.set(id, bucket);
    }
    bucket.rows.push(row);
  }
  if (groups.size === 0 && stage.groups.length === 0) groups.set('[]', { keys: [], rows: [] });
  for (const group of stage.groups) {
    if (group.kind === 'bin' || timeColumns.has(group.field)) timeColumns.add(group.name);
  }
  const buckets = [...groups.values()].sort((a, b) => {
    for (let k = 0; k < a.keys.length; k++) {
      const order = sortValueOrder(a.keys[k], b.keys[k]);
      if (order !== 0) return order;
    }
    return 0;
  });
  return buckets.map((bucket) => {
    const out = new MapRow();
    stage.groups.forEach((group, k) => out.set(group.name, bucket.keys[k]));
    for (const aggregate of stage.aggregates) {
      if (aggregate.field === undefined) {
        out.set(aggregate.name, bucket.rows.length);
        continue;
      }
      const field = aggregate.field;
      const values = bucket.rows.map((row) => row.get(field)).filter((value) => value !== undefined);
      const numbers = values.map(asNumber).filter((n): n is number => n !== undefined);
      let result: Value;
      switch (aggregate.fn) {
        case 'count':
          result = values.length;
          break;
        case 'count_distinct':
          result = new Set(values.map(String)).size;
          break;
        case 'sum':
          result = numbers.reduce((s, n) => s + n, 0);
          break;
        case 'avg':
          result = numbers.length ? numbers.reduce((s, n) => s + n, 0) / numbers.length : undefined;
          break;
        case 'min':
          result = numbers.length ? Math.min(...numbers) : undefined;
          break;
        case 'max':
          result = numbers.length ? Math.max(...numbers) : undefined;
          break;
        case 'pct':
          result = percentile(numbers.sort((a, b) => a - b), aggregate.percentile ?? 50);
          break;
      }
      if (timeColumns.has(field) && (aggregate.fn === 'min' || aggregate.fn === 'max')) timeColumns.add(aggregate.name);
      out.set(aggregate.name, result);
    }
    return out;
  });
}

/** Merges two newest-first row lists (stable: `a` first on ties). */
function mergeNewestFirst(a: EventRow[], b: EventRow[]): EventRow[] {
  const out: EventRow[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = (a[i] as EventRow).timestamp >= (b[j] as EventRow).timestamp ? (a[i++] as EventRow) : (b[j++] as EventRow);
  while (i < a.length) out[k++] = a[i++] as EventRow;
  while (j < b.length) out[k++] = b[j++] as EventRow;
  return out;
}

/** Every scanned event of the scope, newest first (ties: later arrival first). */
function scan(scope: InsightsScope): { rows: Row[]; recordsScanned: number; bytesScanned: number; logGroupsScanned: number } {
  let lists: EventRow[][] = [];
  let bytesScanned = 0;
  let logGroupsScanned = 0;
  for (const name of scope.logGroupNames) {
    const group = scope.store.getLogGroup(name);
    if (!group) continue;
    logGroupsScanned++;
    const { from, to } = scope.store.rangeOf(group, scope.startMs, scope.endMs);
    const rows: EventRow[] = new Array(to - from);
    for (let i = to - 1, k = 0; i >= from; i--, k++) {
      const event = group.events[i] as StoredLogEvent;
      bytesScanned += event.bytes;
      rows[k] = new EventRow(event, name, scope.accountId);
    }
    lists.push(rows);
  }
  // Pairwise merging of the per-group lists (each already newest first): O(n log groups).
  while (lists.length > 1) {
    const merged: EventRow[][] = [];
    for (let k = 0; k < lists.length; k += 2) merged.push(k + 1 < lists.length ? mergeNewestFirst(lists[k] as EventRow[], lists[k + 1] as EventRow[]) : (lists[k] as EventRow[]));
    lists = merged;
  }
  const rows: Row[] = lists[0] ?? [];
  return { rows, recordsScanned: rows.length, bytesScanned, logGroupsScanned };
}

export function executeInsightsQuery(query: ParsedQuery, scope: InsightsScope): InsightsResult {
  const scanned = scan(scope);
  let rows = scanned.rows;
  const timeColumns = new Set<string>(['@timestamp', '@ingestionTime']);
  let projection: string[] | undefined;
  let aggregated = false;
  let recordsMatched: number | undefined;
  let limit: number | undefined;

  for (const stage of query.stages) {
    switch (stage.kind) {
      case 'fields':
        for (const row of rows) for (const item of stage.items) if (item.expr.kind !== 'field' || item.expr.name !== item.name) row.set(item.name, evaluate(item.expr, row));
        for (const item of stage.items) if (item.expr.kind === 'field' && timeColumns.has(item.expr.name)) timeColumns.add(item.name);
        projection = [...(projection ?? []), ...stage.items.map((item) => item.name).filter((name) => !(projection ?? []).includes(name))];
        break;
      case 'display':
        projection = [...stage.fields];
        break;
      case 'filter':
        rows = rows.filter((row) => test(stage.expr, row));
        break;
      case 'parse':
        for (const row of rows) {
          const text = asText(row.get(stage.field));
          const match = text === undefined ? null : (stage.regex.exec(text) as (RegExpExecArray & { groups?: Record<string, string | undefined> }) | null);
          if (!match) continue;
          stage.names.forEach((name, k) => {
            const value = match.groups?.[name] ?? match[k + 1];
            if (value !== undefined) row.set(name, value);
          });
        }
        break;
      case 'sort': {
        const keys = stage.keys;
        rows = [...rows].sort((a, b) => {
          for (const key of keys) {
            const x = a.get(key.field);
            const y = b.get(key.field);
            // Missing values go last in either direction.
            if (x === undefined || y === undefined) {
              if (x === y) continue;
              return x === undefined ? 1 : -1;
            }
            const order = sortValueOrder(x, y);
            if (order !== 0) return key.descending ? -order : order;
          }
          return 0;
        });
        break;
      }
      case 'limit':
        if (!aggregated) recordsMatched ??= rows.length;
        rows = rows.slice(0, stage.count);
        limit = stage.count;
        break;
      case 'dedup': {
        const seen = new Set<string>();
        rows = rows.filter((row) => {
          const key = JSON.stringify(stage.fields.map((field) => row.get(field) ?? null));
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        break;
      }
      case 'stats':
        if (!aggregated) recordsMatched ??= rows.length;
        rows = aggregateRows(stage, rows, timeColumns);
        projection = [...stage.groups.map((group) => group.name), ...stage.aggregates.map((aggregate) => aggregate.name)];
        aggregated = true;
        break;
    }
  }
  recordsMatched ??= rows.length;
  rows = rows.slice(0, limit ?? scope.limit ?? DEFAULT_LIMIT);

  const results = rows.map((row) => {
    const columns = projection ?? row.names();
    const fields: ResultField[] = [];
    for (const column of columns) {
      const value = row.get(column);
      if (value === undefined) continue;
      const text = timeColumns.has(column) && typeof value === 'number' ? formatInsightsTime(value) : String(value);
      fields.push({ field: column, value: text });
    }
    if (!aggregated && row.pointer !== undefined && !columns.includes('@ptr')) fields.push({ field: '@ptr', value: row.pointer });
    return fields;
  });
  return {
    results,
    statistics: {
      recordsMatched,
      recordsScanned: scanned.recordsScanned,
      bytesScanned: scanned.bytesScanned,
      logGroupsScanned: scanned.logGroupsScanned,
    },
  };
}
