// Explicit GetMetricData questions from an explorer: each query either names a metric (namespace,
// name, dimensions, statistic) or is a metric math expression over the other queries' ids, sent to
// CloudWatch as written. Ids are the explorer's own, so results map back by them.
import type { GetMetricDataCommandInput, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { InputError } from './input-error.ts';
import { MAX_QUERIES_PER_CALL } from './metric-data.ts';
import type { MetricDimension } from './metric-definitions.ts';
import { validateStat } from './metric-period.ts';

/** CloudWatch's limits on one MetricDataQuery. */
export const MAX_EXPRESSION_LENGTH = 2_048;
export const MAX_DIMENSIONS = 30;
/** What CloudWatch accepts as a query Id. */
const METRIC_QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;

export interface ExplicitMetricQuery {
  id: string;
  label?: string | undefined;
  /** False: computed for expressions but not returned. */
  returnData: boolean;
  /** Metric math (e.g. "errors / requests * 100", "SUM([m1, m2])"), sent as written. */
  expression?: string | undefined;
  metric?: { namespace: string; metricName: string; dimensions: readonly MetricDimension[]; stat: string } | undefined;
}

/** Checks what CloudWatch would reject for the whole call, naming the query at fault. */
export function validateExplicitQueries(queries: readonly ExplicitMetricQuery[], argument = 'queries'): void {
  if (queries.length === 0) throw new InputError(argument, 'give at least one query');
  if (queries.length > MAX_QUERIES_PER_CALL) throw new InputError(argument, `${queries.length} queries; GetMetricData takes at most ${MAX_QUERIES_PER_CALL}`);
  const ids = new Set<string>();
  queries.forEach((query, index) => {
    const where = `${argument}[${index}]`;
    if (!METRIC_QUERY_ID.test(query.id)) throw new InputError(where, `id ${JSON.stringify(query.id)} must start with a lowercase letter and hold only letters, digits and "_"`);
    if (ids.has(query.id)) throw new InputError(where, `id "${query.id}" is used twice`);
    ids.add(query.id);
    if ((query.expression === undefined) === (query.metric === undefined)) throw new InputError(where, 'give exactly one of `expression` and `metric`');
    if (query.expression !== undefined && (query.expression.trim() === '' || query.expression.length > MAX_EXPRESSION_LENGTH)) {
      throw new InputError(where, `expression must be 1 to ${MAX_EXPRESSION_LENGTH} characters`);
    }
    if (query.metric) {
      if (!query.metric.namespace || query.metric.namespace.length > 255) throw new InputError(where, 'namespace must be 1 to 255 characters');
      if (!query.metric.metricName || query.metric.metricName.length > 255) throw new InputError(where, 'metricName must be 1 to 255 characters');
      if (query.metric.dimensions.length > MAX_DIMENSIONS) throw new InputError(where, `at most ${MAX_DIMENSIONS} dimensions`);
      validateStat(query.metric.stat, `${where}.stat`);
    }
  });
  if (!queries.some((query) => query.returnData)) throw new InputError(argument, 'at least one query must have returnData true');
}

/** The exact GetMetricData input: one window (epoch ms, aligned by the caller), one period. */
export function explicitMetricDataInput(queries: readonly ExplicitMetricQuery[], start: number, end: number, period: number): GetMetricDataCommandInput {
  const metricDataQueries: MetricDataQuery[] = queries.map((query) => ({
    Id: query.id,
    ...(query.label !== undefined ? { Label: query.label } : {}),
    ReturnData: query.returnData,
    ...(query.expression !== undefined
      ? { Expression: query.expression, Period: period }
      : {
          MetricStat: {
            Metric: {
              Namespace: query.metric!.namespace,
              MetricName: query.metric!.metricName,
              Dimensions: query.metric!.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
            },
            Period: period,
            Stat: query.metric!.stat,
          },
        }),
  }));
  return { MetricDataQueries: metricDataQueries, StartTime: new Date(start), EndTime: new Date(end), ScanBy: 'TimestampAscending' };
}
