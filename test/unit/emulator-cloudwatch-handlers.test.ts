import { beforeEach, describe, expect, it } from 'vitest';
import { createCloudWatchHandlers } from '../../src/emulator/cloudwatch-handlers.ts';
import { AwsError } from '../../src/emulator/emulator-types.ts';
import type { ServiceHandlers } from '../../src/emulator/emulator-types.ts';
import { MetricStore } from '../../src/emulator/metric-store.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);
const ECS_DIMS = [
  { Name: 'ClusterName', Value: 'prod' },
  { Name: 'ServiceName', Value: 'payments-api' },
];

interface Result {
  Id: string;
  Label: string;
  Timestamps: Date[];
  Values: number[];
  StatusCode: string;
  Messages: Array<{ Code: string; Value: string }>;
}
interface Output {
  MetricDataResults: Result[];
  NextToken?: string;
  Messages: unknown[];
}

let store: MetricStore;
let handlers: ServiceHandlers;

function call(operation: string, input: Record<string, unknown>, now = NOW): unknown {
  return handlers[operation]!(input, { operation, now });
}

function getMetricData(input: Record<string, unknown>, now = NOW): Output {
  return call('GetMetricData', input, now) as Output;
}

function query(id: string, stat: string, period: number, extra: Record<string, unknown> = {}, metric: Record<string, unknown> = {}) {
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: ECS_DIMS, ...metric },
      Period: period,
      Stat: stat,
    },
    ...extra,
  };
}

function errorOf(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error('expected an AwsError');
}

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

beforeEach(() => {
  store = new MetricStore();
  handlers = createCloudWatchHandlers(store);
  // One sample at hh:mm:30 for every minute 10:00..11:59, value = minutes since 10:00.
  store.putMetricData(
    'AWS/ECS',
    'CPUUtilization',
    ECS_DIMS,
    'Percent',
    Array.from({ length: 120 }, (_, i) => ({ timestamp: T0 + i * MINUTE + 30_000, value: i })),
  );
});

describe('MetricStore', () => {
  it('keeps one series per identity whatever the dimension order, sorted by time after out-of-order appends', () => {
    const local = new MetricStore();
    local.putMetricData('N', 'M', [{ Name: 'a', Value: '1' }, { Name: 'b', Value: '2' }], 'Count', [
      { timestamp: 3000, value: 3 },
      { timestamp: 1000, value: 1 },
    ]);
    local.putMetricData('N', 'M', [{ Name: 'b', Value: '2' }, { Name: 'a', Value: '1' }], undefined, [{ timestamp: 2000, value: 2 }]);
    expect(local.size).toBe(1);
    const series = local.getSeries('N', 'M', [{ Name: 'b', Value: '2' }, { Name: 'a', Value: '1' }])!;
    expect(series.timestamps).toEqual([1000, 2000, 3000]);
    expect(series.values).toEqual([1, 2, 3]);
    expect(series.units).toEqual(['Count', 'None', 'Count']);
    expect(local.range(series, 2000, 3000)).toEqual({ from: 1, to: 2 });
    expect(local.range(series, 0, 99_999)).toEqual({ from: 0, to: 3 });
    expect(local.getSeries('N', 'M', [{ Name: 'a', Value: '1' }])).toBeUndefined();
  });
});

describe('GetMetricData: statistics and periods', () => {
  it('answers one datapoint per minute with Period 60, newest first by default', () => {
    const out = getMetricData({
      MetricDataQueries: [query('cpu', 'Average', 60)],
      StartTime: new Date(T0),
      EndTime: new Date(T0 + 5 * MINUTE),
    });
    expect(out.NextToken).toBeUndefined();
    expect(out.MetricDataResults).toHaveLength(1);
    const [result] = out.MetricDataResults;
    expect(result!.Id).toBe('cpu');
    expect(result!.Label).toBe('CPUUtilization');
    expect(result!.StatusCode).toBe('Complete');
    expect(result!.Messages).toEqual([]);
    expect(iso(result!.Timestamps)).toEqual([
      '2026-11-25T10:04:00.000Z',
      '2026-11-25T10:03:00.000Z',
      '2026-11-25T10:02:00.000Z',
      '2026-11-25T10:01:00.000Z',
      '2026-11-25T10:00:00.000Z',
    ]);
    expect(result!.Values).toEqual([4, 3, 2, 1, 0]);
  });

  it('aggregates 5-minute buckets per statistic', () => {
    const stats = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount', 'p50', 'p90', 'p99.9', 'p0', 'p100'];
    const out = getMetricData({
      MetricDataQueries: stats.map((stat, i) => query(`q${i}`, stat, 300)),
      StartTime: new Date(T0),
      EndTime: new Date(T0 + 15 * MINUTE),
      ScanBy: 'TimestampAscending',
    });
    const byId = Object.fromEntries(out.MetricDataResults.map((r) => [r.Id, r.Values]));
    expect(iso(out.MetricDataResults[0]!.Timestamps)).toEqual([
      '2026-11-25T10:00:00.000Z',
      '2026-11-25T10:05:00.000Z',
      '2026-11-25T10:10:00.000Z',
    ]);
    expect(byId['q0']).toEqual([2, 7, 12]); // Average of 0..4, 5..9, 10..14
    expect(byId['q1']).toEqual([10, 35, 60]); // Sum
    expect(byId['q2']).toEqual([0, 5, 10]); // Minimum
    expect(byId['q3']).toEqual([4, 9, 14]); // Maximum
    expect(byId['q4']).toEqual([5, 5, 5]); // SampleCount
    expect(byId['q5']).toEqual([2, 7, 12]); // p50, nearest rank
    expect(byId['q6']).toEqual([4, 9, 14]); // p90: rank ceil(4.5) = 5
    expect(byId['q7']).toEqual([4, 9, 14]);
    expect(byId['q8']).toEqual([0, 5, 10]);
    expect(byId['q9']).toEqual([4, 9, 14]);
  });

  it('computes percentiles by nearest rank over many samples in one period', () => {
    store.putMetricData('App', 'Latency', [], 'Milliseconds',
      Array.from({ length: 100 }, (_, i) => ({ timestamp: T0 + i * 100, value: 100 - i })));
    const out = getMetricData({
      MetricDataQueries: ['p50', 'p90', 'p99', 'p99.5'].map((stat, i) => ({
        Id: `p${i}`,
        MetricStat: { Metric: { Namespace: 'App', MetricName: 'Latency' }, Period: 60, Stat: stat },
      })),
      StartTime: new Date(T0),
      EndTime: new Date(T0 + MINUTE),
    });
    expect(out.MetricDataResults.map((r) => r.Values)).toEqual([[50], [90], [99], [100]]);
  });

  it('rounds StartTime down to the minute, keeps EndTime exclusive and skips empty periods', () => {
    store.putMetricData('App', 'Hits', [], 'Count', [
      { timestamp: T0 + 2 * MINUTE + 5_000, value: 1 },
      { timestamp: T0 + 2 * MINUTE + 40_000, value: 2 },
      { timestamp: T0 + 6 * MINUTE, value: 4 },
      { timestamp: T0 + 9 * MINUTE, value: 8 }, // exactly EndTime: excluded
    ]);
    const out = getMetricData({
      MetricDataQueries: [{ Id: 'hits', MetricStat: { Metric: { Namespace: 'App', MetricName: 'Hits' }, Period: 120, Stat: 'Sum' } }],
      StartTime: new Date(T0 + 2 * MINUTE + 34_000), // 10:02:34 -> 10:02:00
      EndTime: new Date(T0 + 9 * MINUTE),
      ScanBy: 'TimestampAscending',
    });
    const [result] = out.MetricDataResults;
    expect(iso(result!.Timestamps)).toEqual(['2026-11-25T10:02:00.000Z', '2026-11-25T10:06:00.000Z']);
    expect(result!.Values).toEqual([3, 4]);
  });

  it('aligns high-resolution periods to even divisions of the minute', () => {
    store.putMetricData('App', 'Fast', [], 'Count', [
      { timestamp: T0 + 11_000, value: 1 },
      { timestamp: T0 + 19_000, value: 2 },
      { timestamp: T0 + 21_000, value: 4 },
    ]);
    const out = getMetricData({
      MetricDataQueries: [{ Id: 'fast', MetricStat: { Metric: { Namespace: 'App', MetricName: 'Fast' }, Period: 10, Stat: 'Sum' } }],
      StartTime: new Date(T0 + 13_000), // -> 10:00:10
      EndTime: new Date(T0 + MINUTE),
      ScanBy: 'TimestampAscending',
    });
    expect(iso(out.MetricDataResults[0]!.Timestamps)).toEqual(['2026-11-25T10:00:10.000Z', '2026-11-25T10:00:20.000Z']);
    expect(out.MetricDataResults[0]!.Values).toEqual([3, 4]);
  });

  it('rounds to 5 minutes beyond 15 days and to the hour beyond 63 days, and returns no data for too fine a period', () => {
    const old = NOW - 20 * DAY;
    const older = NOW - 70 * DAY;
    store.putMetricData('App', 'Old', [], 'Count', [
      { timestamp: old + 1_000, value: 1 },
      { timestamp: old + 7 * MINUTE, value: 2 },
      { timestamp: older + 10 * MINUTE, value: 5 },
    ]);
    const metric = { Namespace: 'App', MetricName: 'Old' };
    const start = old + 3 * MINUTE + 20_000; // 11:03:20 -> 11:00:00
    const out = getMetricData({
      MetricDataQueries: [
        { Id: 'five', MetricStat: { Metric: metric, Period: 300, Stat: 'Sum' } },
        { Id: 'one', MetricStat: { Metric: metric, Period: 60, Stat: 'Sum' } },
      ],
      StartTime: new Date(start),
      EndTime: new Date(start + HOUR),
    });
    const [five, one] = out.MetricDataResults;
    expect(iso(five!.Timestamps)).toEqual([new Date(old + 5 * MINUTE).toISOString(), new Date(old).toISOString()]);
    expect(five!.Values).toEqual([2, 1]);
    expect(one!.Timestamps).toEqual([]);
    expect(one!.StatusCode).toBe('Complete');
    expect(one!.Messages).toEqual([
      { Code: 'InvalidPeriod', Value: 'Period 60 returns no data for a StartTime older than 15 days: use a multiple of 300.' },
    ]);

    const hourly = getMetricData({
      MetricDataQueries: [
        { Id: 'h', MetricStat: { Metric: metric, Period: 3600, Stat: 'Sum' } },
        { Id: 'f', MetricStat: { Metric: metric, Period: 300, Stat: 'Sum' } },
      ],
      StartTime: new Date(older + 25 * MINUTE), // 12:25 -> 12:00, 70 days ago
      EndTime: new Date(older + 2 * HOUR),
    });
    expect(iso(hourly.MetricDataResults[0]!.Timestamps)).toEqual([new Date(older).toISOString()]);
    expect(hourly.MetricDataResults[0]!.Values).toEqual([5]);
    expect(hourly.MetricDataResults[1]!.Values).toEqual([]);
    expect(hourly.MetricDataResults[1]!.Messages[0]!.Value).toContain('older than 63 days: use a multiple of 3600');
  });

  it('returns an empty Complete result for an unknown identity or a different dimension set', () => {
    const out = getMetricData({
      MetricDataQueries: [
        query('none', 'Average', 60, {}, { MetricName: 'MemoryUtilization' }),
        query('subset', 'Average', 60, {}, { Dimensions: [ECS_DIMS[0]] }),
        query('reordered', 'Average', 60, {}, { Dimensions: [ECS_DIMS[1], ECS_DIMS[0]] }),
      ],
      StartTime: new Date(T0),
      EndTime: new Date(T0 + 2 * MINUTE),
    });
    expect(out.MetricDataResults.map((r) => [r.Id, r.StatusCode, r.Values])).toEqual([
      ['none', 'Complete', []],
      ['subset', 'Complete', []],
      ['reordered', 'Complete', [1, 0]],
    ]);
  });

  it('filters by Unit, uses Label, and omits queries with ReturnData false', () => {
    store.putMetricData('AWS/ECS', 'CPUUtilization', ECS_DIMS, 'Count', [{ timestamp: T0 + 10_000, value: 1000 }]);
    const out = getMetricData({
      MetricDataQueries: [
        { ...query('any', 'Maximum', 60), Label: 'cpu max' },
        { Id: 'pct', MetricStat: { ...query('x', 'Maximum', 60).MetricStat, Unit: 'Percent' } },
        { ...query('hidden', 'Maximum', 60), ReturnData: false },
      ],
      StartTime: new Date(T0),
      EndTime: new Date(T0 + MINUTE),
    });
    expect(out.MetricDataResults.map((r) => [r.Id, r.Label, r.Values])).toEqual([
      ['any', 'cpu max', [1000]],
      ['pct', 'CPUUtilization', [0]],
    ]);
  });
});

describe('GetMetricData: paging with MaxDatapoints and NextToken', () => {
  const request = (extra: Record<string, unknown> = {}) => ({
    MetricDataQueries: [query('a', 'Sum', 60), query('b', 'Maximum', 60)],
    StartTime: new Date(T0),
    EndTime: new Date(T0 + 5 * MINUTE),
    ScanBy: 'TimestampAscending',
    MaxDatapoints: 7,
    ...extra,
  });

  it('cuts a page at MaxDatapoints in total and continues the cut result on the next page', () => {
    const first = getMetricData(request());
    expect(first.MetricDataResults.map((r) => [r.Id, r.StatusCode, r.Values])).toEqual([
      ['a', 'Complete', [0, 1, 2, 3, 4]],
      ['b', 'PartialData', [0, 1]],
    ]);
    expect(typeof first.NextToken).toBe('string');
    const second = getMetricData(request({ NextToken: first.NextToken }));
    expect(second.MetricDataResults.map((r) => [r.Id, r.StatusCode, r.Values])).toEqual([['b', 'Complete', [2, 3, 4]]]);
    expect(iso(second.MetricDataResults[0]!.Timestamps)).toEqual([
      '2026-11-25T10:02:00.000Z',
      '2026-11-25T10:03:00.000Z',
      '2026-11-25T10:04:00.000Z',
    ]);
    expect(second.NextToken).toBeUndefined();
  });

  it('pages in ScanBy order and holds back results that no longer fit', () => {
    const pages: Array<Array<[string, string, number[]]>> = [];
    let token: string | undefined;
    do {
      const out = getMetricData(request({ ScanBy: 'TimestampDescending', MaxDatapoints: 5, NextToken: token }));
      pages.push(out.MetricDataResults.map((r) => [r.Id, r.StatusCode, r.Values]));
      token = out.NextToken;
    } while (token !== undefined);
    expect(pages).toEqual([[['a', 'Complete', [4, 3, 2, 1, 0]]], [['b', 'Complete', [4, 3, 2, 1, 0]]]]);
  });

  it('rejects a token that is garbage or belongs to another request', () => {
    const first = getMetricData(request());
    expect(errorOf(() => getMetricData(request({ NextToken: 'not-a-token' }))).code).toBe('InvalidNextToken');
    const other = errorOf(() => getMetricData(request({ NextToken: first.NextToken, EndTime: new Date(T0 + 6 * MINUTE) })));
    expect(other.code).toBe('InvalidNextToken');
    expect(other.status).toBe(400);
  });
});

describe('GetMetricData: limits and errors', () => {
  const window = { StartTime: new Date(T0), EndTime: new Date(T0 + MINUTE) };

  it('accepts 500 queries and rejects 501 with InvalidParameterValue', () => {
    const make = (n: number) => Array.from({ length: n }, (_, i) => query(`m${i}`, 'Sum', 60));
    expect(getMetricData({ MetricDataQueries: make(500), ...window }).MetricDataResults).toHaveLength(500);
    const error = errorOf(() => getMetricData({ MetricDataQueries: make(501), ...window }));
    expect(error.code).toBe('InvalidParameterValue');
    expect(error.message).toBe('The collection MetricDataQueries must not have a size greater than 500.');
  });

  it('reports every Id that breaks the pattern, then duplicates', () => {
    const bad = errorOf(() =>
      getMetricData({ MetricDataQueries: [query('ok', 'Sum', 60), query('Bad', 'Sum', 60), query('5xx', 'Sum', 60)], ...window }),
    );
    expect(bad.code).toBe('ValidationError');
    expect(bad.message).toBe(
      'The value Bad for parameter MetricDataQueries.member.2.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.\n' +
        'The value 5xx for parameter MetricDataQueries.member.3.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.',
    );
    const duplicate = errorOf(() => getMetricData({ MetricDataQueries: [query('a', 'Sum', 60), query('a', 'Average', 60)], ...window }));
    expect(duplicate.code).toBe('ValidationError');
    expect(duplicate.message).toBe('The values for parameter id in MetricDataQueries are not unique.');
  });

  it.each([
    [{ MetricDataQueries: [] }, 'ValidationError', "Member must have length greater than or equal to 1"],
    [{ MetricDataQueries: [query('a', 'Sum', 45)] }, 'InvalidParameterValue', 'must be 1, 5, 10, 20, 30 or a multiple of 60; got 45'],
    [{ MetricDataQueries: [query('a', 'Sum', 0)] }, 'InvalidParameterValue', 'Period must be an integer greater than or equal to 1'],
    [{ MetricDataQueries: [query('a', 'Median', 60)] }, 'InvalidParameterValue', 'The value Median for parameter MetricDataQueries.member.1.MetricStat.Stat is not valid'],
    [{ MetricDataQueries: [query('a', 'p101', 60)] }, 'InvalidParameterValue', 'The value p101'],
    [{ MetricDataQueries: [{ Id: 'e', Expression: 'SUM(METRICS())' }] }, 'ValidationError', 'Error in expression e: expected "[" at position 5'],
    [{ MetricDataQueries: [{ ...query('a', 'Sum', 60), Expression: 'm1' }] }, 'InvalidParameterCombination', 'mutually exclusive'],
    [{ MetricDataQueries: [{ Id: 'a' }] }, 'MissingParameter', 'The parameter MetricDataQueries.member.1.MetricStat is required.'],
    [{ MetricDataQueries: [query('a', 'Sum', 60)], ScanBy: 'Newest' }, 'ValidationError', "Value 'Newest' at 'scanBy'"],
    [{ MetricDataQueries: [query('a', 'Sum', 60)], MaxDatapoints: 0 }, 'InvalidParameterValue', 'MaxDatapoints'],
    [{ MetricDataQueries: [query('a', 'Sum', 60)], EndTime: new Date(T0) }, 'InvalidParameterValue', 'The parameter StartTime must be less than the parameter EndTime.'],
  ])('rejects %j', (input, code, fragment) => {
    const error = errorOf(() => getMetricData({ ...window, ...input }));
    expect(error.code).toBe(code);
    expect(error.message).toContain(fragment);
  });

  it('requires StartTime and EndTime', () => {
    const error = errorOf(() => getMetricData({ MetricDataQueries: [query('a', 'Sum', 60)], EndTime: new Date(T0) }));
    expect(error.code).toBe('MissingParameter');
    expect(error.message).toBe('The parameter StartTime is required.');
  });
});

describe('GetMetricData: metric math', () => {
  const window = { StartTime: new Date(T0), EndTime: new Date(T0 + 5 * MINUTE) };
  beforeEach(() => {
    store.putMetricData('AWS/ECS', 'MemoryUtilization', ECS_DIMS, 'Percent', Array.from({ length: 5 }, (_, i) => ({ timestamp: T0 + i * MINUTE + 30_000, value: 10 })));
  });
  const inputs = [query('cpu', 'Sum', 60, { ReturnData: false }), query('mem', 'Sum', 60, { ReturnData: false }, { MetricName: 'MemoryUtilization' })];

  it('evaluates arithmetic and SUM/AVG/MIN/MAX over ids per timestamp, dropping points that are not finite', () => {
    const out = getMetricData({
      ...window,
      MetricDataQueries: [
        ...inputs,
        { Id: 'scaled', Expression: 'cpu * 2 + mem' },
        { Id: 'total', Expression: 'SUM([cpu, mem])', Label: 'cpu+mem' },
        { Id: 'mean', Expression: 'AVG([cpu, mem])' },
        { Id: 'ratio', Expression: '(cpu - 1) / cpu' },
        { Id: 'negated', Expression: '-MIN([cpu, mem]) + MAX([cpu, mem])' },
        { Id: 'nested', Expression: 'scaled - total' },
      ],
    });
    const byId = Object.fromEntries(out.MetricDataResults.map((result) => [result.Id, result]));
    expect(Object.keys(byId)).toEqual(['scaled', 'total', 'mean', 'ratio', 'negated', 'nested']);
    expect(byId.scaled!.Values).toEqual([18, 16, 14, 12, 10]);
    expect(iso(byId.scaled!.Timestamps)).toEqual(['2026-11-25T10:04:00.000Z', '2026-11-25T10:03:00.000Z', '2026-11-25T10:02:00.000Z', '2026-11-25T10:01:00.000Z', '2026-11-25T10:00:00.000Z']);
    expect(byId.scaled!.Label).toBe('scaled');
    expect(byId.total!).toMatchObject({ Label: 'cpu+mem', Values: [14, 13, 12, 11, 10], StatusCode: 'Complete' });
    expect(byId.mean!.Values).toEqual([7, 6.5, 6, 5.5, 5]);
    expect(byId.ratio!.Values).toEqual([0.75, 2 / 3, 0.5, 0]);
    expect(byId.negated!.Values).toEqual([6, 7, 8, 9, 10]);
    expect(byId.nested!.Values).toEqual([4, 3, 2, 1, 0]);
  });

  it.each([
    ['cpu + nope', 'Error in expression e: Unrecognized metric identifier nope'],
    ['RATE(cpu)', 'Error in expression e: unsupported function RATE at position 1'],
    ['cpu +', 'Error in expression e: unexpected end of expression at position 6'],
  ])('rejects %s', (expression, message) => {
    const error = errorOf(() => getMetricData({ ...window, MetricDataQueries: [...inputs, { Id: 'e', Expression: expression }] }));
    expect(error.code).toBe('ValidationError');
    expect(error.message).toContain(message);
  });

  it('rejects expressions that read each other in a circle', () => {
    const error = errorOf(() => getMetricData({ ...window, MetricDataQueries: [...inputs, { Id: 'a', Expression: 'b + 1' }, { Id: 'b', Expression: 'a * cpu' }] }));
    expect(error.message).toBe('Error in expression a: Circular dependency between expressions');
  });
});

describe('ListMetrics', () => {
  interface ListOutput {
    Metrics: Array<{ Namespace: string; MetricName: string; Dimensions: Array<{ Name: string; Value: string }> }>;
    NextToken?: string;
  }
  const list = (input: Record<string, unknown> = {}, now = NOW) => call('ListMetrics', input, now) as ListOutput;

  beforeEach(() => {
    store.putMetricData('AWS/ECS', 'MemoryUtilization', ECS_DIMS, 'Percent', [{ timestamp: NOW - HOUR, value: 1 }]);
    store.putMetricData('AWS/ECS', 'CPUUtilization', [{ Name: 'ClusterName', Value: 'prod' }, { Name: 'ServiceName', Value: 'orders' }], 'Percent', [
      { timestamp: NOW - 5 * HOUR, value: 1 },
    ]);
    store.putMetricData('AWS/Lambda', 'Errors', [{ Name: 'FunctionName', Value: 'thumbnailer' }], 'Count', [{ timestamp: NOW - 10 * DAY, value: 1 }]);
    store.putMetricData('AWS/Lambda', 'Errors', [{ Name: 'FunctionName', Value: 'ancient' }], 'Count', [{ timestamp: NOW - 15 * DAY, value: 1 }]);
  });

  it('lists metrics with data in the last two weeks, with their exact dimension sets', () => {
    const out = list();
    expect(out.NextToken).toBeUndefined();
    expect(out.Metrics).toEqual([
      { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'ClusterName', Value: 'prod' }, { Name: 'ServiceName', Value: 'orders' }] },
      { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Dimensions: ECS_DIMS },
      { Namespace: 'AWS/ECS', MetricName: 'MemoryUtilization', Dimensions: ECS_DIMS },
      { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: 'thumbnailer' }] },
    ]);
  });

  it('filters by namespace, metric name, dimension name and value, and recent activity', () => {
    const names = (out: ListOutput) => out.Metrics.map((m) => `${m.MetricName}:${m.Dimensions.map((d) => d.Value).join('/')}`);
    expect(names(list({ Namespace: 'AWS/Lambda' }))).toEqual(['Errors:thumbnailer']);
    expect(names(list({ MetricName: 'CPUUtilization' }))).toEqual(['CPUUtilization:prod/orders', 'CPUUtilization:prod/payments-api']);
    expect(names(list({ Dimensions: [{ Name: 'ServiceName', Value: 'orders' }] }))).toEqual(['CPUUtilization:prod/orders']);
    expect(names(list({ Namespace: 'AWS/ECS', Dimensions: [{ Name: 'ServiceName' }] }))).toHaveLength(3);
    expect(names(list({ Dimensions: [{ Name: 'ClusterName', Value: 'prod' }, { Name: 'FunctionName' }] }))).toEqual([]);
    expect(names(list({ RecentlyActive: 'PT3H' }))).toEqual(['CPUUtilization:prod/payments-api', 'MemoryUtilization:prod/payments-api']);
    const error = errorOf(() => list({ RecentlyActive: 'PT1H' }));
    expect(error.code).toBe('ValidationError');
  });

  it('pages 500 metrics at a time with a NextToken bound to the filters', () => {
    for (let i = 0; i < 1203; i++) {
      store.putMetricData('Bulk', 'Requests', [{ Name: 'Route', Value: `r${String(i).padStart(4, '0')}` }], 'Count', [{ timestamp: NOW - MINUTE, value: i }]);
    }
    const seen: string[] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    do {
      const out = list({ Namespace: 'Bulk', NextToken: token });
      sizes.push(out.Metrics.length);
      seen.push(...out.Metrics.map((m) => m.Dimensions[0]!.Value));
      token = out.NextToken;
    } while (token !== undefined);
    expect(sizes).toEqual([500, 500, 203]);
    expect(new Set(seen).size).toBe(1203);
    expect(seen[0]).toBe('r0000');
    expect(seen.at(-1)).toBe('r1202');

    const first = list({ Namespace: 'Bulk' });
    expect(errorOf(() => list({ Namespace: 'AWS/ECS', NextToken: first.NextToken })).code).toBe('InvalidNextToken');
  });

  it('rejects more than 10 dimension filters', () => {
    const filters = Array.from({ length: 11 }, (_, i) => ({ Name: `d${i}` }));
    const error = errorOf(() => list({ Dimensions: filters }));
    expect(error.code).toBe('InvalidParameterValue');
    expect(error.message).toBe('The collection Dimensions must not have a size greater than 10.');
  });
});
