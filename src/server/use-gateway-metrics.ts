// Prometheus metrics of the gateway itself at /metrics: yoga's request and phase metrics plus what
// the gateway cost in AWS (calls and attempts per IAM action, Logs Insights bytes scanned, answers
// shared through the caches), so an operator can watch the AWS bill the dashboards cause.
import { createCounter, createHistogram, usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { Kind, type DocumentNode } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { AwsUsage } from '../aws/aws-usage.ts';
import * as shippedDocuments from '../generated/graphql.ts';
import { ANSWER_SHARING } from '../sharing/answer-sharing.ts';
import type { GatewayRuntime } from '../runtime/gateway-runtime.ts';
import { logsInsightsGate } from '../quota/logs-insights-limiter.ts';
import type { RequestContext } from '../runtime/request-context.ts';
import { Slot } from '../runtime/slot.ts';

/** The label of every operation whose name is not a trusted one. */
export const OTHER_OPERATION = 'other';
export const ANONYMOUS_OPERATION = 'Anonymous';

/** Operation names of the documents shipped in schema/operations (the console's and the dashboards'). */
export function shippedOperationNames(): string[] {
  const names = new Set<string>();
  for (const value of Object.values(shippedDocuments) as unknown[]) {
    const document = value as Partial<DocumentNode> | null;
    if (document?.kind !== Kind.DOCUMENT || !Array.isArray(document.definitions)) continue;
    for (const definition of document.definitions) if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
  }
  return [...names].sort();
}

/**
 * The operation-name label: a client chooses the name, so only trusted names become labels and
 * every other name is one series, `other` (20,000 distinct names must not make 20,000 series).
 */
export function operationNameLabel(name: string | undefined, trusted: ReadonlySet<string>): string {
  if (!name) return ANONYMOUS_OPERATION;
  return trusted.has(name) ? name : OTHER_OPERATION;
}

export class AwsUsageMetrics {
  readonly registry: Registry;
  readonly #calls: Counter<'action'>;
  readonly #attempts: Counter<'action'>;
  readonly #bytesScanned: Counter;
  readonly #cacheHits: Counter;

  constructor(registry: Registry) {
    this.registry = registry;
    this.#calls = new Counter({ name: 'tinkr_aws_calls_total', help: 'AWS API calls made, by IAM action.', labelNames: ['action'], registers: [registry] });
    this.#attempts = new Counter({ name: 'tinkr_aws_attempts_total', help: 'HTTP attempts of AWS API calls (retries included), by IAM action.', labelNames: ['action'], registers: [registry] });
    this.#bytesScanned = new Counter({ name: 'tinkr_logs_insights_bytes_scanned_total', help: 'Bytes Logs Insights scanned (what AWS bills).', registers: [registry] });
    this.#cacheHits = new Counter({ name: 'tinkr_aws_answers_shared_total', help: 'AWS answers served from a cache or a shared in-flight call instead of a new call.', registers: [registry] });
  }

  record(usage: AwsUsage): void {
    for (const [action, count] of usage.calls) {
      this.#calls.inc({ action }, count.calls);
      this.#attempts.inc({ action }, count.attempts);
    }
    this.#bytesScanned.inc(usage.logsBytesScanned);
    this.#cacheHits.inc(usage.cacheHits);
  }
}

function createGatewayMetrics(runtime: GatewayRuntime): AwsUsageMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tinkr_' });
  // prom-client's sums of the active handle/request/resource gauges are gauges named `..._total`,
  // which Prometheus reserves for counters (promtool refuses them): sum(tinkr_nodejs_active_handles) is the same.
  for (const name of ['active_handles', 'active_requests', 'active_resources']) registry.removeSingleMetric(`tinkr_nodejs_${name}_total`);
  const sharing = (): ReturnType<typeof ANSWER_SHARING.of> => ANSWER_SHARING.of(runtime);
  new Gauge({
    name: 'tinkr_shared_answers_bytes',
    help: 'Bytes of complete AWS answers kept across requests (bounded by cache.max_bytes).',
    registers: [registry],
    collect() {
      this.set(sharing().store.bytes);
    },
  });
  new Gauge({
    name: 'tinkr_shared_answers_max_bytes',
    help: 'The most bytes of complete AWS answers kept across requests (cache.max_bytes).',
    registers: [registry],
    collect() {
      this.set(sharing().store.maxBytes);
    },
  });
  new Gauge({
    name: 'tinkr_shared_calls_in_flight',
    help: 'Distinct AWS calls in flight through the sharing layer (bounded by cache.max_in_flight; never evicted).',
    registers: [registry],
    collect() {
      this.set(sharing().inFlight);
    },
  });
  if (!runtime.config.server.redis_url) {
    // This process's Logs Insights gate (with REDIS_URL the gate is shared in Redis, not here).
    const gate = (): ReturnType<typeof logsInsightsGate> => logsInsightsGate(runtime);
    new Gauge({
      name: 'tinkr_logs_insights_queries_running',
      help: 'Logs Insights queries holding a slot now (bounded by logs.max_running_queries).',
      registers: [registry],
      collect() {
        this.set(gate().queries.active);
      },
    });
    new Gauge({
      name: 'tinkr_logs_insights_queries_waiting',
      help: 'Logs Insights queries waiting for a slot now (served fairly by caller).',
      registers: [registry],
      collect() {
        this.set(gate().queries.waiting);
      },
    });
    new Gauge({
      name: 'tinkr_logs_insights_callers_waiting',
      help: 'Callers (token, JWT subject or anonymous) with a Logs Insights query waiting for a slot now.',
      registers: [registry],
      collect() {
        this.set(gate().queries.waitingCallers);
      },
    });
    new Gauge({
      name: 'tinkr_logs_insights_calls_waiting',
      help: 'StartQuery/GetQueryResults calls waiting for a place in logs.calls_per_second now.',
      registers: [registry],
      collect() {
        this.set(gate().calls.waiting);
      },
    });
  }
  return new AwsUsageMetrics(registry);
}

/** The gateway's metrics: one registry per runtime. */
export const GATEWAY_METRICS = new Slot<GatewayRuntime, AwsUsageMetrics>('Prometheus metrics of the gateway', createGatewayMetrics);

export interface GatewayMetricsOptions {
  /** Operation names that may appear as labels (default: the shipped documents' names). */
  trustedOperationNames?: readonly string[];
}

interface OperationParams {
  operationName?: string;
  operationType?: string;
  errorPhase?: string;
}

export function useGatewayMetrics(metrics: AwsUsageMetrics, options: GatewayMetricsOptions = {}): Plugin<RequestContext> {
  const trusted = new Set(options.trustedOperationNames ?? shippedOperationNames());
  const registry = metrics.registry;
  // Labels with bounded values only: no operation name outside `trusted`, no URL (its query string
  // is the client's), no error path (aliases are the client's).
  // Label names in snake_case, as Prometheus names them (promtool check metrics).
  const operation = (params: OperationParams) => ({ operation_name: operationNameLabel(params.operationName, trusted), operation_type: params.operationType ?? 'unknown' });
  const prometheus = usePrometheus({
    registry,
    endpoint: '/metrics',
    metrics: {
      graphql_yoga_http_duration: createHistogram({
        registry,
        histogram: { name: 'graphql_yoga_http_duration', help: 'Time spent on HTTP connection', labelNames: ['operation_name', 'operation_type', 'method', 'status_code'] },
        fillLabelsFn: (params: OperationParams & { request: Request; response: Response }) => ({ ...operation(params), method: params.request.method, status_code: params.response.status }),
        phases: ['request'],
      }),
      graphql_envelop_request_duration: createHistogram({
        registry,
        histogram: { name: 'graphql_envelop_request_duration', help: 'Time spent on running the GraphQL operation from parse to execute', labelNames: ['operation_name', 'operation_type'] },
        fillLabelsFn: operation,
        phases: ['execute', 'subscribe'],
      }),
      graphql_envelop_error_result: createCounter({
        registry,
        // A counter's name ends in _total.
        counter: { name: 'graphql_envelop_error_result_total', help: 'Errors reported, by the phase that reported them', labelNames: ['operation_name', 'operation_type', 'phase'] },
        fillLabelsFn: (params: OperationParams) => ({ ...operation(params), phase: params.errorPhase ?? 'unknown' }),
        phases: ['parse', 'validate', 'context', 'execute', 'subscribe'],
      }),
      graphql_envelop_phase_execute: createHistogram({
        registry,
        histogram: { name: 'graphql_envelop_phase_execute', help: 'Time spent on running the GraphQL "execute" function', labelNames: ['operation_name', 'operation_type'] },
        fillLabelsFn: operation,
        phases: ['execute'],
      }),
      // The plugin's other metrics are on by default; each would be one more set of series per operation name.
      graphql_envelop_request: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
    },
  }) as Plugin<RequestContext>;
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(prometheus);
    },
    onSubscribe() {
      return {
        // A live tail's FilterLogEvents calls are counted when it ends.
        onSubscribeResult({ args }) {
          return { onEnd: () => metrics.record(args.contextValue.usage) };
        },
      };
    },
    onExecute() {
      return {
        onExecuteDone({ args, result }) {
          // A deferred response's AWS work ends with its last payload.
          if (isAsyncIterable(result)) return { onEnd: () => metrics.record(args.contextValue.usage) };
          metrics.record(args.contextValue.usage);
          return undefined;
        },
      };
    },
  };
}
