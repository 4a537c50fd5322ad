// CloudWatch GetMetricData and ListMetrics over a MetricStore, with AWS's validation rules, time
// alignment, per-period statistics, datapoint paging and error codes. Handlers speak the API's
// PascalCase shapes; the protocol layer (emulator-server.ts) owns the wire.

import { createHash } from 'node:crypto';
import { AwsError } from './emulator-types.ts';
import type { OperationContext, ServiceHandlers } from './emulator-types.ts';
import { evaluateMetricMath, MetricMathError, parseMetricMath, referencedIds, type MathNode } from './metric-math.ts';
import type { MetricDimension, MetricSeries, MetricStore } from './metric-store.ts';

const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const MAX_DIMENSIONS = 30;
const MAX_DIMENSION_FILTERS = 10;
const LIST_METRICS_PAGE_SIZE = 500;
const ID_PATTERN = /^[a-z][a-zA-Z0-9_]*$/;
/** Periods allowed below one minute (high-resolution metrics). */
const HIGH_RESOLUTION_PERIODS = new Set([1, 5, 10, 20, 30]);
const PERCENTILE_PATTERN = /^p(\d{1,2}(\.\d+)?|100(\.0+)?)$/;
const SCAN_BY_VALUES = ['TimestampDescending', 'TimestampAscending'] as const;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type ScanBy = (typeof SCAN_BY_VALUES)[number];
type Statistic = (values: number[]) => number;

interface MessageData {
  Code: string;
  Value: string;
}

/** A validated MetricStat query, before its data is read. */
interface MetricQuery {
  kind: 'metric';
  id: string;
  label: string;
  returnData: boolean;
  namespace: string;
  metricName: string;
  dimensions: MetricDimension[];
  periodSeconds: number;
  statistic: Statistic;
  unit: string | undefined;
}

/** A metric math query over the other queries' ids. */
interface ExpressionQuery {
  kind: 'expression';
  id: string;
  label: string;
  returnData: boolean;
  expression: MathNode;
}

type DataQuery = MetricQuery | ExpressionQuery;

/** One query's full answer in ScanBy order, before paging cuts it. */
interface FullResult {
  id: string;
  label: string;
  timestamps: number[];
  values: number[];
  messages: MessageData[];
}

interface GetMetricDataToken {
  fingerprint: string;
  result: number;
  offset: number;
}

interface ListMetricsToken {
  fingerprint: string;
  afterKey: string;
}

export function createCloudWatchHandlers(store: MetricStore): ServiceHandlers {
  return {
    GetMetricData: (input, context) => getMetricData(store, input, context),
    ListMetrics: (input, context) => listMetrics(store, input, context),
  };
}

function getMetricData(store: MetricStore, input: Record<string, unknown>, context: OperationContext): unknown {
  const rawQueries = input['MetricDataQueries'];
  if (rawQueries === undefined || rawQueries === null) throw missingParameter('MetricDataQueries');
  if (!Array.isArray(rawQueries)) throw invalidValue('The parameter MetricDataQueries must be a list.');
  if (rawQueries.length > MAX_QUERIES) {
    throw invalidValue(`The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
  }
  if (rawQueries.length === 0) {
    throw validationError(
      "1 validation error detected: Value '[]' at 'metricDataQueries' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  const startTime = readTime(input, 'StartTime');
  const endTime = readTime(input, 'EndTime');
  if (startTime >= endTime) throw invalidValue('The parameter StartTime must be less than the parameter EndTime.');

  const scanBy = readScanBy(input['ScanBy']);
  const maxDatapoints = readMaxDatapoints(input['MaxDatapoints']);
  const queries = validateQueries(rawQueries);

  // A token continues the same queries and window; the page size may change between pages.
  const fingerprint = fingerprintOf({ rawQueries, startTime, endTime, scanBy });
  const token = readGetMetricDataToken(input['NextToken'], fingerprint);

  // Every query ascending first (expressions read the others, returned or not), then ScanBy order.
  const computed = new Map<string, FullResult>();
  const byId = new Map(queries.map((query) => [query.id, query]));
  const compute = (query: DataQuery): FullResult => {
    let result = computed.get(query.id);
    if (!result) {
      result = query.kind === 'metric' ? computeResult(store, query, startTime, endTime, 'TimestampAscending', context.now) : computeExpression(query, (id) => compute(byId.get(id)!));
      computed.set(query.id, result);
    }
    return result;
  };
  const results = queries
    .filter((query) => query.returnData)
    .map((query) => {
      const ascending = compute(query);
      return scanBy === 'TimestampDescending' ? { ...ascending, timestamps: [...ascending.timestamps].reverse(), values: [...ascending.values].reverse() } : ascending;
    });
  return paginateResults(results, token ?? { fingerprint, result: 0, offset: 0 }, maxDatapoints);
}

/** Ids first (AWS reports every bad Id at once), then uniqueness, then each query's content, then what expressions refer to. */
function validateQueries(rawQueries: unknown[]): DataQuery[] {
  const idProblems: string[] = [];
  rawQueries.forEach((raw, index) => {
    const id = isRecord(raw) ? raw['Id'] : undefined;
    if (typeof id !== 'string' || id.length === 0) {
      idProblems.push(`The parameter MetricDataQueries.member.${index + 1}.Id is required.`);
    } else if (id.length > 255 || !ID_PATTERN.test(id)) {
      idProblems.push(
        `The value ${id} for parameter MetricDataQueries.member.${index + 1}.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.`,
      );
    }
  });
  if (idProblems.length > 0) throw validationError(idProblems.join('\n'));
  const ids = rawQueries.map((raw) => (raw as Record<string, unknown>)['Id'] as string);
  if (new Set(ids).size !== ids.length) {
    throw validationError('The values for parameter id in MetricDataQueries are not unique.');
  }
  const queries = rawQueries.map((raw, index) => validateQuery(raw as Record<string, unknown>, index + 1));
  const known = new Set(ids);
  for (const query of queries) {
    if (query.kind !== 'expression') continue;
    for (const id of referencedIds(query.expression)) {
      if (!known.has(id)) throw validationError(`Error in expression ${query.id}: Unrecognized metric identifier ${id}`);
    }
  }
  // Expressions that read each other in a circle have no answer.
  const visiting = new Set<string>();
  const done = new Set<string>();
  const byId = new Map(queries.map((query) => [query.id, query]));
  const visit = (id: string): void => {
    if (done.has(id)) return;
    if (visiting.has(id)) throw validationError(`Error in expression ${id}: Circular dependency between expressions`);
    visiting.add(id);
    const query = byId.get(id)!;
    if (query.kind === 'expression') referencedIds(query.expression).forEach(visit);
    visiting.delete(id);
    done.add(id);
  };
  queries.forEach((query) => visit(query.id));
  return queries;
}

function computeExpression(query: ExpressionQuery, resultOf: (id: string) => FullResult): FullResult {
  const value = evaluateMetricMath(query.expression, (id) => {
    const result = resultOf(id);
    return new Map(result.timestamps.map((timestamp, index) => [timestamp, result.values[index]!]));
  });
  if (typeof value === 'number') {
    return { id: query.id, label: query.label, timestamps: [], values: [], messages: [{ Code: 'InvalidExpression', Value: 'the expression is a single number, not a time series' }] };
  }
  return { id: query.id, label: query.label, timestamps: [...value.keys()], values: [...value.values()], messages: [] };
}

function validateQuery(raw: Record<string, unknown>, member: number): DataQuery {
  const path = `MetricDataQueries.member.${member}`;
  const id = raw['Id'] as string;
  const metricStat = raw['MetricStat'];
  const expression = raw['Expression'];
  if (metricStat !== undefined && expression !== undefined) {
    throw new AwsError(
      'InvalidParameterCombination',
      `The parameters ${path}.MetricStat and ${path}.Expression are mutually exclusive. Specify exactly one of them.`,
    );
  }
  if (expression !== undefined) {
    if (typeof expression !== 'string' || expression.length === 0 || expression.length > 2048) {
      throw invalidValue(`The parameter ${path}.Expression must be a string of 1 to 2048 characters.`);
    }
    let parsed: MathNode;
    try {
      parsed = parseMetricMath(expression);
    } catch (error) {
      if (error instanceof MetricMathError) throw validationError(`Error in expression ${id}: ${error.message}`);
      throw error;
    }
    const label = raw['Label'];
    return { kind: 'expression', id, label: typeof label === 'string' && label.length > 0 ? label : id, returnData: raw['ReturnData'] !== false, expression: parsed };
  }
  if (!isRecord(metricStat)) throw missingParameter(`${path}.MetricStat`);

  const metric = metricStat['Metric'];
  if (!isRecord(metric)) throw missingParameter(`${path}.MetricStat.Metric`);
  const namespace = requireString(metric['Namespace'], `${path}.MetricStat.Metric.Namespace`);
  const metricName = requireString(metric['MetricName'], `${path}.MetricStat.Metric.MetricName`);
  const dimensions = readDimensions(metric['Dimensions'], `${path}.MetricStat.Metric.Dimensions`);

  const period = metricStat['Period'];
  if (period === undefined || period === null) throw missingParameter(`${path}.MetricStat.Period`);
  if (typeof period !== 'number' || !Number.isInteger(period) || period < 1) {
    throw invalidValue(`The parameter ${path}.MetricStat.Period must be an integer greater than or equal to 1.`);
  }
  if (period % 60 !== 0 && !HIGH_RESOLUTION_PERIODS.has(period)) {
    throw invalidValue(
      `The parameter ${path}.MetricStat.Period must be 1, 5, 10, 20, 30 or a multiple of 60; got ${period}.`,
    );
  }
  const statName = requireString(metricStat['Stat'], `${path}.MetricStat.Stat`);
  const statistic = parseStatistic(statName);
  if (statistic === undefined) {
    throw invalidValue(
      `The value ${statName} for parameter ${path}.MetricStat.Stat is not valid. Use Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99 or p99.9.`,
    );
  }
  const unit = metricStat['Unit'];
  if (unit !== undefined && typeof unit !== 'string') throw invalidValue(`The parameter ${path}.MetricStat.Unit must be a string.`);

  const label = raw['Label'];
  const returnData = raw['ReturnData'];
  return {
    kind: 'metric',
    id,
    label: typeof label === 'string' && label.length > 0 ? label : metricName,
    returnData: returnData !== false,
    namespace,
    metricName,
    dimensions,
    periodSeconds: period,
    statistic,
    unit,
  };
}

/** Average, Sum, Minimum, Maximum, SampleCount and pNN / pNN.N percentiles (nearest rank). */
export function parseStatistic(name: string): Statistic | undefined {
  switch (name) {
    case 'Average':
      return (values) => sum(values) / values.length;
    case 'Sum':
      return sum;
    case 'Minimum':
      return (values) => values.reduce((a, b) => Math.min(a, b), Infinity);
    case 'Maximum':
      return (values) => values.reduce((a, b) => Math.max(a, b), -Infinity);
    case 'SampleCount':
      return (values) => values.length;
  }
  if (!PERCENTILE_PATTERN.test(name)) return undefined;
  const percentile = Number(name.slice(1));
  return (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const rank = Math.ceil((percentile / 100) * sorted.length);
    return sorted[Math.max(0, rank - 1)]!;
  };
}

function sum(values: number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/**
 * The start of the first bucket, rounded down as CloudWatch documents: to the minute when the
 * start is under 15 days old, to 5 minutes up to 63 days, to the hour beyond; to the period for
 * the sub-minute (high-resolution) periods.
 */
export function alignStartTime(startMs: number, periodSeconds: number, nowMs: number): number {
  const age = nowMs - startMs;
  let unit = MINUTE;
  if (age > 63 * DAY) unit = HOUR;
  else if (age > 15 * DAY) unit = 5 * MINUTE;
  else if (periodSeconds < 60) unit = periodSeconds * SECOND;
  return Math.floor(startMs / unit) * unit;
}

/**
 * Why a period yields no datapoints for a start this old (CloudWatch returns none rather than
 * failing), or undefined when the period is fine.
 */
export function periodTooFineForAge(periodSeconds: number, startMs: number, nowMs: number): string | undefined {
  const age = nowMs - startMs;
  if (age > 63 * DAY && periodSeconds % 3600 !== 0) {
    return `Period ${periodSeconds} returns no data for a StartTime older than 63 days: use a multiple of 3600.`;
  }
  if (age > 15 * DAY && periodSeconds % 300 !== 0) {
    return `Period ${periodSeconds} returns no data for a StartTime older than 15 days: use a multiple of 300.`;
  }
  if (age > 3 * HOUR && periodSeconds % 60 !== 0) {
    return `Period ${periodSeconds} returns no data for a StartTime older than 3 hours: use a multiple of 60.`;
  }
  return undefined;
}

function computeResult(
  store: MetricStore,
  query: MetricQuery,
  startTime: number,
  endTime: number,
  scanBy: ScanBy,
  now: number,
): FullResult {
  const result: FullResult = { id: query.id, label: query.label, timestamps: [], values: [], messages: [] };
  const tooFine = periodTooFineForAge(query.periodSeconds, startTime, now);
  if (tooFine !== undefined) {
    result.messages.push({ Code: 'InvalidPeriod', Value: tooFine });
    return result;
  }
  const series = store.getSeries(query.namespace, query.metricName, query.dimensions);
  if (series === undefined) return result;

  const periodMs = query.periodSeconds * SECOND;
  const alignedStart = alignStartTime(startTime, query.periodSeconds, now);
  const { from, to } = store.range(series, alignedStart, endTime);
  let bucketStart = Number.NaN;
  let bucket: number[] = [];
  const flush = (): void => {
    if (bucket.length === 0) return;
    result.timestamps.push(bucketStart);
    result.values.push(query.statistic(bucket));
    bucket = [];
  };
  for (let i = from; i < to; i++) {
    if (query.unit !== undefined && series.units[i] !== query.unit) continue;
    const timestamp = series.timestamps[i]!;
    const start = alignedStart + Math.floor((timestamp - alignedStart) / periodMs) * periodMs;
    if (start !== bucketStart) {
      flush();
      bucketStart = start;
    }
    bucket.push(series.values[i]!);
  }
  flush();
  if (scanBy === 'TimestampDescending') {
    result.timestamps.reverse();
    result.values.reverse();
  }
  return result;
}

/**
 * One page: at most maxDatapoints datapoints in total, results in query order. A result that the
 * page cuts is PartialData and continues (same Id) on the next page, followed by the rest.
 */
function paginateResults(results: FullResult[], token: GetMetricDataToken, maxDatapoints: number): unknown {
  const page: unknown[] = [];
  let capacity = maxDatapoints;
  let next: GetMetricDataToken | undefined;
  for (let index = token.result; index < results.length; index++) {
    const result = results[index]!;
    const offset = index === token.result ? token.offset : 0;
    const remaining = result.timestamps.length - offset;
    if (remaining > capacity && capacity === 0) {
      next = { fingerprint: token.fingerprint, result: index, offset };
      break;
    }
    const take = Math.min(remaining, capacity);
    const partial = take < remaining;
    page.push({
      Id: result.id,
      Label: result.label,
      Timestamps: result.timestamps.slice(offset, offset + take).map((ms) => new Date(ms)),
      Values: result.values.slice(offset, offset + take),
      StatusCode: partial ? 'PartialData' : 'Complete',
      Messages: result.messages,
    });
    capacity -= take;
    if (partial) {
      next = { fingerprint: token.fingerprint, result: index, offset: offset + take };
      break;
    }
  }
  return {
    MetricDataResults: page,
    Messages: [],
    ...(next === undefined ? {} : { NextToken: encodeToken(next) }),
  };
}

function listMetrics(store: MetricStore, input: Record<string, unknown>, context: OperationContext): unknown {
  const namespace = optionalString(input['Namespace'], 'Namespace');
  const metricName = optionalString(input['MetricName'], 'MetricName');
  const filters = readDimensionFilters(input['Dimensions']);
  const recentlyActive = input['RecentlyActive'];
  if (recentlyActive !== undefined && recentlyActive !== 'PT3H') {
    throw validationError(
      `1 validation error detected: Value '${String(recentlyActive)}' at 'recentlyActive' failed to satisfy constraint: Member must satisfy enum value set: [PT3H]`,
    );
  }
  const fingerprint = fingerprintOf({ namespace, metricName, filters, recentlyActive });
  const token = readListMetricsToken(input['NextToken'], fingerprint);
  // ListMetrics only knows metrics with data in the last two weeks (three hours with PT3H).
  const activeSince = context.now - (recentlyActive === 'PT3H' ? 3 * HOUR : 14 * DAY);

  const metrics: unknown[] = [];
  let lastKey: string | undefined;
  let more = false;
  for (const series of store.listSeries()) {
    if (token !== undefined && series.key <= token.afterKey) continue;
    if (namespace !== undefined && series.namespace !== namespace) continue;
    if (metricName !== undefined && series.metricName !== metricName) continue;
    if (!matchesDimensionFilters(series, filters)) continue;
    const latest = store.latestTimestamp(series);
    if (latest === undefined || latest < activeSince) continue;
    if (metrics.length === LIST_METRICS_PAGE_SIZE) {
      more = true;
      break;
    }
    metrics.push({
      Namespace: series.namespace,
      MetricName: series.metricName,
      Dimensions: series.dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
    });
    lastKey = series.key;
  }
  return {
    Metrics: metrics,
    ...(more && lastKey !== undefined ? { NextToken: encodeToken({ fingerprint, afterKey: lastKey }) } : {}),
  };
}

function matchesDimensionFilters(series: MetricSeries, filters: Array<{ Name: string; Value?: string }>): boolean {
  return filters.every((filter) =>
    series.dimensions.some((d) => d.Name === filter.Name && (filter.Value === undefined || d.Value === filter.Value)),
  );
}

// ---- input readers ----

function readTime(input: Record<string, unknown>, name: string): number {
  const value = input[name];
  if (value === undefined || value === null) throw missingParameter(name);
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value * 1000
        : typeof value === 'string'
          ? Date.parse(value)
          : Number.NaN;
  if (!Number.isFinite(ms)) throw invalidValue(`The parameter ${name} must be a valid timestamp.`);
  return ms;
}

function readScanBy(value: unknown): ScanBy {
  if (value === undefined || value === null) return 'TimestampDescending';
  if (typeof value === 'string' && (SCAN_BY_VALUES as readonly string[]).includes(value)) return value as ScanBy;
  throw validationError(
    `1 validation error detected: Value '${String(value)}' at 'scanBy' failed to satisfy constraint: Member must satisfy enum value set: [TimestampDescending, TimestampAscending]`,
  );
}

function readMaxDatapoints(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_MAX_DATAPOINTS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalidValue('The parameter MaxDatapoints must be a positive integer.');
  }
  return value;
}

function readDimensions(value: unknown, path: string): MetricDimension[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidValue(`The parameter ${path} must be a list.`);
  if (value.length > MAX_DIMENSIONS) {
    throw invalidValue(`The collection ${path} must not have a size greater than ${MAX_DIMENSIONS}.`);
  }
  return value.map((raw, index) => {
    const item = isRecord(raw) ? raw : {};
    return {
      Name: requireString(item['Name'], `${path}.member.${index + 1}.Name`),
      Value: requireString(item['Value'], `${path}.member.${index + 1}.Value`),
    };
  });
}

function readDimensionFilters(value: unknown): Array<{ Name: string; Value?: string }> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidValue('The parameter Dimensions must be a list.');
  if (value.length > MAX_DIMENSION_FILTERS) {
    throw invalidValue(`The collection Dimensions must not have a size greater than ${MAX_DIMENSION_FILTERS}.`);
  }
  return value.map((raw, index) => {
    const item = isRecord(raw) ? raw : {};
    const name = requireString(item['Name'], `Dimensions.member.${index + 1}.Name`);
    const filterValue = optionalString(item['Value'], `Dimensions.member.${index + 1}.Value`);
    return filterValue === undefined ? { Name: name } : { Name: name, Value: filterValue };
  });
}

function requireString(value: unknown, path: string): string {
  if (value === undefined || value === null || value === '') throw missingParameter(path);
  if (typeof value !== 'string') throw invalidValue(`The parameter ${path} must be a string.`);
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidValue(`The parameter ${path} must be a string.`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- paging tokens: opaque, bound to the request they continue ----

function fingerprintOf(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('base64url').slice(0, 16);
}

function encodeToken(token: GetMetricDataToken | ListMetricsToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidNextToken();
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (isRecord(decoded)) return decoded;
  } catch {
    // fall through: not one of ours
  }
  throw invalidNextToken();
}

function readGetMetricDataToken(value: unknown, fingerprint: string): GetMetricDataToken | undefined {
  const token = decodeToken(value);
  if (token === undefined) return undefined;
  const { result, offset } = token;
  if (
    token['fingerprint'] !== fingerprint ||
    typeof result !== 'number' ||
    typeof offset !== 'number' ||
    !Number.isInteger(result) ||
    !Number.isInteger(offset) ||
    result < 0 ||
    offset < 0
  ) {
    throw invalidNextToken();
  }
  return { fingerprint, result, offset };
}

function readListMetricsToken(value: unknown, fingerprint: string): ListMetricsToken | undefined {
  const token = decodeToken(value);
  if (token === undefined) return undefined;
  const afterKey = token['afterKey'];
  if (token['fingerprint'] !== fingerprint || typeof afterKey !== 'string') throw invalidNextToken();
  return { fingerprint, afterKey };
}

// ---- AWS errors ----

function invalidValue(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message);
}

function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message);
}

function missingParameter(name: string): AwsError {
  return new AwsError('MissingParameter', `The parameter ${name} is required.`);
}

function invalidNextToken(): AwsError {
  return new AwsError('InvalidNextToken', 'The NextToken is invalid or does not belong to this request.');
}
