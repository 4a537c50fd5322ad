// Prometheus metrics of the gateway itself at /metrics: yoga's request and phase metrics plus what
// the gateway cost in AWS (calls and attempts per IAM action, Logs Insights bytes scanned, answers
// shared through the caches), so an operator can watch the AWS bill the dashboards cause.
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { AwsUsage } from '../aws/aws-usage.ts';
import type { RequestContext } from '../loaders/request-context.ts';

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

export function createGatewayMetrics(): AwsUsageMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tinkr_' });
  return new AwsUsageMetrics(registry);
}

export function useGatewayMetrics(metrics: AwsUsageMetrics): Plugin<RequestContext> {
  const prometheus = usePrometheus({
    registry: metrics.registry,
    endpoint: '/metrics',
    metrics: {
      graphql_yoga_http_duration: true,
      graphql_envelop_request_duration: true,
      graphql_envelop_error_result: true,
      graphql_envelop_phase_execute: true,
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
