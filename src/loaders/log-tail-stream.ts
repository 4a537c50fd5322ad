// A live tail of a service's log lines: FilterLogEvents polled every `logs.tail_interval` over a
// window that overlaps the previous poll (lines arrive late), de-duplicated by eventId, oldest
// first. Polling stops as soon as the subscriber goes away (return() or its request's signal).
import { AwsCallError } from '../aws/aws-call.ts';
import { logEventFromFilteredEvent, type LogEvent } from '../aws/log-event.ts';
import { filterLogEvents, logLineMatcher, tailFilterPattern } from '../aws/log-tail.ts';
import { serviceLogSource, type LogFilter } from '../aws/logs-insights-query.ts';
import { ShutdownError, type ServiceDefinition } from './gateway-runtime.ts';
import { registerLogEventProfile, serviceLogGroups } from './logs-loader.ts';
import type { RequestContext } from './request-context.ts';

/** How far each poll reaches back before the previous one's end: CloudWatch ingests with delay. */
export const TAIL_OVERLAP_MS = 10_000;

export interface TailOptions {
  /** Ends the tail (the client's request signal). */
  signal?: AbortSignal;
  /** Default: logs.tail_interval. */
  intervalMs?: number;
}

const sleep = (ms: number, signal: AbortSignal): Promise<boolean> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** The log groups a tail polls: the service's own, else the prefix's groups named after it, else all of them. */
export async function tailLogGroups(context: RequestContext, service: ServiceDefinition): Promise<string[]> {
  const all = await serviceLogGroups(context, service);
  if (serviceLogSource(service).logGroups) return all;
  // One FilterLogEvents call per group and poll: poll the service's own groups when they are recognisable.
  const named = all.filter((name) => name.split('/').includes(service.name));
  return named.length > 0 ? named : all;
}

/** The tail as an async iterator whose return() stops the polling at once. */
export function tailServiceLogs(context: RequestContext, service: ServiceDefinition, filter: LogFilter | null | undefined, options: TailOptions = {}): AsyncIterableIterator<LogEvent> {
  const stop = new AbortController();
  const { stoppingSignal } = context.runtime;
  const signal = AbortSignal.any([stop.signal, stoppingSignal, ...(options.signal ? [options.signal] : [])]);
  const source = serviceLogSource(service);
  // Validated now, so a bad filter fails the subscription before any AWS call.
  const keep = logLineMatcher(filter, source.streamPattern);
  const filterPattern = tailFilterPattern(filter);
  const intervalMs = options.intervalMs ?? context.runtime.config.logs.tail_interval;
  const generator = untilShutdown();

  /** The poll, ended by shutdown with a final error (the client learns why its stream ended). */
  async function* untilShutdown(): AsyncGenerator<LogEvent, void, undefined> {
    yield* poll();
    if (stoppingSignal.aborted && !stop.signal.aborted && !options.signal?.aborted) throw new ShutdownError();
  }

  async function* poll(): AsyncGenerator<LogEvent, void, undefined> {
    const groups = await tailLogGroups(context, service);
    const seen = new Map<string, number>();
    // Per log group: where the next poll goes on from (a busy group may need several polls to catch up).
    const startedAt = Date.now();
    const cursors = new Map(groups.map((group) => [group, startedAt]));
    while (!signal.aborted) {
      const end = Date.now();
      const fresh: LogEvent[] = [];
      try {
        const pages = await Promise.all(
          groups.map(async (logGroup) => ({
            logGroup,
            result: await filterLogEvents(
              service.profile.clients.logs,
              { logGroup, startMs: (cursors.get(logGroup) ?? end) - TAIL_OVERLAP_MS, endMs: end, ...(filterPattern ? { filterPattern } : {}), maxEvents: 1_000 },
              { usage: context.usage, abortSignal: signal },
            ),
          })),
        );
        for (const { logGroup, result } of pages) {
          for (const event of result.events) {
            const id = `${logGroup}\u0000${event.eventId}`;
            if (seen.has(id) || !keep(event.message, event.logStreamName)) continue;
            seen.set(id, event.timestamp);
            fresh.push(logEventFromFilteredEvent(event, logGroup));
          }
          // Cut short: go on from the last line read (the overlap and `seen` keep it from repeating).
          const last = result.events[result.events.length - 1];
          cursors.set(logGroup, result.complete || !last ? end : last.timestamp + TAIL_OVERLAP_MS);
        }
      } catch (error) {
        if (signal.aborted) return;
        // Throttled: skip this poll, the next one covers the same window (the cursors did not move).
        if (!(error instanceof AwsCallError && error.kind === 'throttled')) throw error;
      }
      const oldest = Math.min(...cursors.values());
      for (const [id, timestamp] of seen) if (timestamp < oldest - 2 * TAIL_OVERLAP_MS) seen.delete(id);
      fresh.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
      registerLogEventProfile(fresh, service.profile);
      for (const event of fresh) {
        if (signal.aborted) return;
        yield event;
      }
      if (!(await sleep(intervalMs, signal))) return;
    }
  }

  return {
    next: () => generator.next(),
    async return() {
      stop.abort();
      await generator.return(undefined);
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      stop.abort();
      return generator.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
