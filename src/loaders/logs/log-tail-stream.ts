// A live tail of a service's log lines: FilterLogEvents polled every `logs.tail_interval` over a
// window that overlaps the previous poll (lines arrive late), de-duplicated by eventId, oldest
// first. Identical tails share one poller; open tails are capped per process and per caller; every
// FilterLogEvents page of every tail waits for one process-wide rate (logs.tail_calls_per_second).
// Polling stops as soon as the last subscriber goes away (return() or its request's signal).
import { AwsCallError } from '../../aws/aws-call.ts';
import { logEventFromFilteredEvent, type LogEvent } from '../../aws/log-event.ts';
import { filterLogEvents, logLineMatcher, tailFilterPattern } from '../../aws/log-tail.ts';
import { serviceLogSource, type LogFilter } from '../../aws/logs-insights-query.ts';
import { ShutdownError, type GatewayRuntime, type ServiceDefinition } from '../../runtime/gateway-runtime.ts';
import { CallRateLimiter } from '../../quota/logs-insights-limiter.ts';
import { registerLogEventProfile, serviceLogGroups } from './logs-loader.ts';
import type { RequestContext } from '../../runtime/request-context.ts';
import { Slot } from '../../runtime/slot.ts';

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

/** A tail refused by `logs.max_tails` or `logs.max_tails_per_caller`; `limit` names the key. */
export class TailLimitError extends Error {
  readonly limit: 'logs.max_tails' | 'logs.max_tails_per_caller';
  readonly max: number;
  constructor(limit: TailLimitError['limit'], max: number, message: string) {
    super(message);
    this.name = 'TailLimitError';
    this.limit = limit;
    this.max = max;
  }
}

/** Events a subscriber may have waiting before it is dropped as too slow (bounded memory). */
const MAX_QUEUED_EVENTS = 10_000;

interface Subscriber {
  usage: RequestContext['usage'];
  queue: LogEvent[];
  wake: (() => void) | undefined;
  failure: unknown;
  ended: boolean;
}

/**
 * One FilterLogEvents poller per distinct tail (profile, service, filter), fanned out to every
 * subscriber: 200 viewers of one service's tail cost one tail's calls. It stops when the last
 * subscriber leaves or shutdown begins.
 */
class TailPoller {
  readonly subscribers = new Set<Subscriber>();
  readonly #stop = new AbortController();
  readonly #onIdle: () => void;

  constructor(onIdle: () => void) {
    this.#onIdle = onIdle;
  }

  get signal(): AbortSignal {
    return this.#stop.signal;
  }

  /** Whose request the next calls are counted in: a subscriber still there (each call counted once). */
  get usage(): RequestContext['usage'] | undefined {
    return this.subscribers.values().next().value?.usage;
  }

  deliver(events: readonly LogEvent[]): void {
    for (const subscriber of this.subscribers) {
      if (subscriber.queue.length + events.length > MAX_QUEUED_EVENTS) {
        this.fail(subscriber, new Error(`the tail's reader fell more than ${MAX_QUEUED_EVENTS} lines behind`));
        continue;
      }
      subscriber.queue.push(...events);
      subscriber.wake?.();
    }
  }

  fail(subscriber: Subscriber, failure: unknown): void {
    subscriber.failure ??= failure;
    subscriber.wake?.();
    this.leave(subscriber);
  }

  failAll(failure: unknown): void {
    for (const subscriber of [...this.subscribers]) this.fail(subscriber, failure);
  }

  leave(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    if (this.subscribers.size === 0) {
      this.#stop.abort();
      this.#onIdle();
    }
  }
}

/** Open tails and their pollers, process-wide. */
class TailRegistry {
  readonly pollers = new Map<string, TailPoller>();
  readonly #perCaller = new Map<string, number>();
  #open = 0;
  readonly rate: CallRateLimiter;

  constructor(callsPerSecond: number) {
    this.rate = new CallRateLimiter(callsPerSecond);
  }

  get open(): number {
    return this.#open;
  }

  /** Counts one more open tail of `caller`; throws TailLimitError past a cap. Returns its release. */
  admit(caller: string, limits: { max_tails: number; max_tails_per_caller: number }): () => void {
    const mine = this.#perCaller.get(caller) ?? 0;
    if (this.#open >= limits.max_tails) {
      throw new TailLimitError('logs.max_tails', limits.max_tails, `this gateway already serves ${this.#open} live tails (logs.max_tails = ${limits.max_tails}); close one or try again later`);
    }
    if (mine >= limits.max_tails_per_caller) {
      throw new TailLimitError('logs.max_tails_per_caller', limits.max_tails_per_caller, `${caller} already has ${mine} live tails open (logs.max_tails_per_caller = ${limits.max_tails_per_caller}); close one first`);
    }
    this.#open++;
    this.#perCaller.set(caller, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#open--;
      const left = (this.#perCaller.get(caller) ?? 1) - 1;
      if (left > 0) this.#perCaller.set(caller, left);
      else this.#perCaller.delete(caller);
    };
  }
}

const TAILS = new Slot<GatewayRuntime, TailRegistry>('live tails of this process', (runtime) => new TailRegistry(runtime.config.logs.tail_calls_per_second));

/** How many tails are open and how many pollers serve them (for tests and the gateway's metrics). */
export function tailCounts(runtime: GatewayRuntime): { tails: number; pollers: number } {
  const registry = TAILS.of(runtime);
  return { tails: registry.open, pollers: registry.pollers.size };
}

/**
 * The tail as an async iterator whose return() ends this subscriber at once (and the polling with
 * the last one). Refused with TailLimitError past `logs.max_tails` / `logs.max_tails_per_caller`.
 */
export function tailServiceLogs(context: RequestContext, service: ServiceDefinition, filter: LogFilter | null | undefined, options: TailOptions = {}): AsyncIterableIterator<LogEvent> {
  const { runtime } = context;
  const source = serviceLogSource(service);
  // Validated now, so a bad filter fails the subscription before any AWS call.
  const keep = logLineMatcher(filter, source.streamPattern);
  const filterPattern = tailFilterPattern(filter);
  const intervalMs = options.intervalMs ?? runtime.config.logs.tail_interval;
  const registry = TAILS.of(runtime);
  const release = registry.admit(context.caller.name, runtime.config.logs);

  const key = JSON.stringify([service.profile.name, service.name, filter?.contains ?? null, filter?.matches ?? null, filter?.exclude ?? null, [...new Set(filter?.levels ?? [])].sort(), intervalMs]);
  let poller = registry.pollers.get(key);
  const subscriber: Subscriber = { usage: context.usage, queue: [], wake: undefined, failure: undefined, ended: false };
  if (!poller) {
    const created = new TailPoller(() => {
      if (registry.pollers.get(key) === created) registry.pollers.delete(key);
    });
    poller = created;
    registry.pollers.set(key, created);
    created.subscribers.add(subscriber);
    void runPoller(created);
  } else poller.subscribers.add(subscriber);
  const mine = poller;

  const end = (): void => {
    subscriber.ended = true;
    release();
    mine.leave(subscriber);
    subscriber.wake?.();
  };
  options.signal?.addEventListener('abort', end, { once: true });

  async function runPoller(target: TailPoller): Promise<void> {
    const signal = AbortSignal.any([target.signal, runtime.stoppingSignal]);
    try {
      for await (const events of poll(signal, target)) target.deliver(events);
      if (runtime.stoppingSignal.aborted) target.failAll(new ShutdownError());
    } catch (error) {
      target.failAll(runtime.stoppingSignal.aborted ? new ShutdownError() : error);
    }
  }

  async function* poll(signal: AbortSignal, target: TailPoller): AsyncGenerator<LogEvent[], void, undefined> {
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
              // Every page waits for the process-wide FilterLogEvents rate, however many tails are open.
              { ...(target.usage ? { usage: target.usage } : {}), abortSignal: signal, gate: registry.rate },
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
      if (fresh.length > 0) yield fresh;
      if (!(await sleep(intervalMs, signal))) return;
    }
  }

  const next = async (): Promise<IteratorResult<LogEvent, undefined>> => {
    for (;;) {
      const event = subscriber.queue.shift();
      if (event) return { done: false, value: event };
      if (subscriber.failure !== undefined) {
        const failure = subscriber.failure;
        subscriber.failure = undefined;
        end();
        throw failure;
      }
      if (subscriber.ended) return { done: true, value: undefined };
      await new Promise<void>((resolve) => {
        subscriber.wake = resolve;
      });
      subscriber.wake = undefined;
    }
  };

  return {
    next,
    async return() {
      end();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      end();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
