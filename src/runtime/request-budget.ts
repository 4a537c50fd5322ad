// The AWS budget of one request, checked before a call is made: Logs Insights queries and the log
// groups x days they read, metric series, trace lists. A request past a limit gets COST_LIMIT on
// the field that would exceed it (naming the limit and what to narrow); nothing is sent for it.
// Each distinct AWS input is charged once per request (the request's loaders ask for it once).
import type { Config } from '../config/load-config.ts';

type LimitsConfig = Config['limits'];
import type { RequestContext } from './request-context.ts';
import { Slot } from './slot.ts';

export type BudgetLimit = 'limits.max_insights_queries' | 'limits.max_log_group_days' | 'limits.max_metric_series' | 'limits.max_trace_lists';

/** A field that would take its request past its AWS budget. */
export class CostLimitError extends Error {
  readonly limit: BudgetLimit;
  readonly max: number;
  readonly requested: number;
  constructor(limit: BudgetLimit, max: number, requested: number, narrow: string) {
    super(`this request would exceed its AWS budget: ${requested} > ${limit} = ${max}; ${narrow}`);
    this.name = 'CostLimitError';
    this.limit = limit;
    this.max = max;
    this.requested = requested;
  }
}

const DAY_MS = 86_400_000;

class RequestBudget {
  readonly #charged = new Set<string>();
  insightsQueries = 0;
  logGroupDays = 0;
  metricSeries = 0;
  traceLists = 0;

  /** Charges one Logs Insights query (its log groups x its window in days), unless already charged. */
  chargeInsightsQuery(limits: LimitsConfig, key: string, logGroups: number, windowMs: number): void {
    if (this.#charged.has(key)) return;
    const queries = this.insightsQueries + Math.max(1, Math.ceil(logGroups / 50));
    const groupDays = this.logGroupDays + logGroups * Math.max(windowMs / DAY_MS, 1 / 24);
    if (queries > limits.max_insights_queries) {
      throw new CostLimitError('limits.max_insights_queries', limits.max_insights_queries, queries, 'ask for fewer services or distinct log filters in one request');
    }
    if (groupDays > limits.max_log_group_days) {
      throw new CostLimitError('limits.max_log_group_days', limits.max_log_group_days, Math.ceil(groupDays), 'narrow the time range or the services (log groups x days read by Logs Insights)');
    }
    this.#charged.add(key);
    this.insightsQueries = queries;
    this.logGroupDays = groupDays;
  }

  chargeMetricSeries(limits: LimitsConfig, keys: readonly string[]): void {
    const fresh = keys.filter((key) => !this.#charged.has(`metric:${key}`));
    const series = this.metricSeries + fresh.length;
    if (series > limits.max_metric_series) {
      throw new CostLimitError('limits.max_metric_series', limits.max_metric_series, series, 'ask for fewer services or metric names in one request');
    }
    for (const key of fresh) this.#charged.add(`metric:${key}`);
    this.metricSeries = series;
  }

  chargeTraceList(limits: LimitsConfig, key: string): void {
    if (this.#charged.has(`traces:${key}`)) return;
    const lists = this.traceLists + 1;
    if (lists > limits.max_trace_lists) {
      throw new CostLimitError('limits.max_trace_lists', limits.max_trace_lists, lists, 'ask for the traces of fewer services or filters in one request');
    }
    this.#charged.add(`traces:${key}`);
    this.traceLists = lists;
  }
}

const REQUEST_BUDGET = new Slot<RequestContext, RequestBudget>('AWS budget of a request', () => new RequestBudget());

export function requestBudget(context: RequestContext): RequestBudget {
  return REQUEST_BUDGET.of(context);
}
