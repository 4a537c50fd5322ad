// GetMetricData: a batch of metric series for one window, cut into calls of <= 500 queries with
// valid Ids (m0, m1, ...), the calls run in parallel, every call following NextToken until CloudWatch
// has given every datapoint; results are mapped back to the series by Id.
import { GetMetricDataCommand, type CloudWatchClient, type GetMetricDataCommandInput, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { callAws, type AwsCallOptions } from './aws-call.ts';
import { followPages } from './aws-pages.ts';
import type { MetricDimension } from './metric-definitions.ts';

/** CloudWatch's limit of MetricDataQueries per GetMetricData call. */
export const MAX_QUERIES_PER_CALL = 500;
/** Pages one call may follow before its results are reported as PartialData (100,800 points each). */
export const MAX_PAGES_PER_CALL = 50;

export interface MetricSeriesSpec {
  namespace: string;
  metricName: string;
  /** In canonical (name) order. */
  dimensions: readonly MetricDimension[];
  stat: string;
  period: number;
}

export type MetricStatusCode = 'Complete' | 'PartialData' | 'Forbidden' | 'InternalError';

export interface MetricMessage {
  code: string;
  value: string;
}

export interface MetricSeriesData {
  /** Epoch ms, ascending. */
  timestamps: number[];
  values: number[];
  status: MetricStatusCode;
  label: string | undefined;
  /** The result's messages followed by the call's own. */
  messages: MetricMessage[];
}

/** One series' identity: equal keys are the same CloudWatch question. */
export function seriesKey(spec: MetricSeriesSpec): string {
  return JSON.stringify([spec.namespace, spec.metricName, spec.dimensions.map((d) => [d.name, d.value]), spec.stat, spec.period]);
}

/** The Id of the index-th query of a call. */
export function queryId(index: number): string {
  return `m${index}`;
}

/** The exact GetMetricData input for <= 500 series of one window (epoch ms, aligned by the caller). */
export function metricDataInput(series: readonly MetricSeriesSpec[], start: number, end: number): GetMetricDataCommandInput {
  if (series.length === 0 || series.length > MAX_QUERIES_PER_CALL) {
    throw new RangeError(`GetMetricData takes 1 to ${MAX_QUERIES_PER_CALL} queries; got ${series.length}`);
  }
  const queries: MetricDataQuery[] = series.map((spec, index) => ({
    Id: queryId(index),
    MetricStat: {
      Metric: {
        Namespace: spec.namespace,
        MetricName: spec.metricName,
        Dimensions: spec.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
      },
      Period: spec.period,
      Stat: spec.stat,
    },
    ReturnData: true,
  }));
  return { MetricDataQueries: queries, StartTime: new Date(start), EndTime: new Date(end), ScanBy: 'TimestampAscending' };
}

/** Cuts a batch into GetMetricData-sized chunks, in order. */
export function chunkSeries<T>(series: readonly T[], size = MAX_QUERIES_PER_CALL): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < series.length; i += size) chunks.push(series.slice(i, i + size));
  return chunks;
}

/**
 * One GetMetricData call (input from `metricDataInput`) with every page: the Timestamps/Values of
 * one Id are concatenated across pages, its status is the last page's (Forbidden sticks), messages
 * are kept. Returns the data by Id.
 */
export async function getMetricDataPages(
  client: CloudWatchClient,
  input: GetMetricDataCommandInput,
  options: AwsCallOptions = {},
): Promise<Map<string, MetricSeriesData>> {
  const byId = new Map<string, MetricSeriesData>();
  for (const query of input.MetricDataQueries ?? []) {
    byId.set(query.Id!, { timestamps: [], values: [], status: 'Complete', label: undefined, messages: [] });
  }
  const callMessages: MetricMessage[] = [];
  const fetchPage = (nextToken: string | undefined) =>
    callAws('cloudwatch:GetMetricData', (sdk) => client.send(new GetMetricDataCommand({ ...input, ...(nextToken ? { NextToken: nextToken } : {}) }), sdk), options);
  const onPage = (output: Awaited<ReturnType<typeof fetchPage>>): void => {
    for (const result of output.MetricDataResults ?? []) {
      const data = result.Id === undefined ? undefined : byId.get(result.Id);
      if (!data) continue;
      const timestamps = result.Timestamps ?? [];
      const values = result.Values ?? [];
      for (let i = 0; i < timestamps.length && i < values.length; i++) {
        data.timestamps.push(timestamps[i]!.getTime());
        data.values.push(values[i]!);
      }
      if (data.status !== 'Forbidden') data.status = (result.StatusCode as MetricStatusCode | undefined) ?? 'Complete';
      data.label ??= result.Label;
      for (const message of result.Messages ?? []) pushMessage(data.messages, { code: message.Code ?? '', value: message.Value ?? '' });
    }
    for (const message of output.Messages ?? []) pushMessage(callMessages, { code: message.Code ?? '', value: message.Value ?? '' });
  };
  const { nextToken } = await followPages(fetchPage, (output) => output.NextToken, onPage, MAX_PAGES_PER_CALL);
  for (const data of byId.values()) {
    if (nextToken && data.status === 'Complete') {
      data.status = 'PartialData';
      pushMessage(data.messages, { code: 'PartialData', value: `stopped after ${MAX_PAGES_PER_CALL} pages of datapoints; use a longer period` });
    }
    for (const message of callMessages) pushMessage(data.messages, message);
    // Pages are each ascending; a result split across pages stays ascending, but be certain.
    if (!isAscending(data.timestamps)) sortByTime(data);
  }
  return byId;
}

function pushMessage(messages: MetricMessage[], message: MetricMessage): void {
  if (!messages.some((m) => m.code === message.code && m.value === message.value)) messages.push(message);
}

function isAscending(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) return false;
  return true;
}

function sortByTime(data: MetricSeriesData): void {
  const order = data.timestamps.map((_, i) => i).sort((a, b) => data.timestamps[a]! - data.timestamps[b]!);
  data.timestamps = order.map((i) => data.timestamps[i]!);
  data.values = order.map((i) => data.values[i]!);
}
