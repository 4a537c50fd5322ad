// Run-time knobs of the emulator (latency, throttling, injected faults, Logs Insights lifecycle) and
// the per-operation counters that tests and the benchmark read. One mutable object shared by the
// protocol layer and the handlers: tests change a field and the next request sees it.

/** The 8 operations of the gateway's IAM policy. Knobs and counters are keyed by these bare names. */
export type Operation =
  | 'StartQuery'
  | 'GetQueryResults'
  | 'DescribeLogGroups'
  | 'FilterLogEvents'
  | 'GetMetricData'
  | 'ListMetrics'
  | 'GetTraceSummaries'
  | 'BatchGetTraces';

export const OPERATIONS: readonly Operation[] = [
  'StartQuery',
  'GetQueryResults',
  'DescribeLogGroups',
  'FilterLogEvents',
  'GetMetricData',
  'ListMetrics',
  'GetTraceSummaries',
  'BatchGetTraces',
];

/** Throttling of one operation: a quota over a sliding 1 s window and/or a random share. */
export interface ThrottleRule {
  /** Requests accepted per sliding second; the rest get the service's throttling error. */
  callsPerSecond?: number;
  /** Probability (0..1) that an otherwise accepted request is throttled. */
  throttleProbability?: number;
  /** Throttle the next `count` requests outright (decremented as they are throttled). */
  count?: number;
}

export const FAULT_KINDS = ['5xx', 'timeout', 'access-denied'] as const;

/**
 * An injected fault: a 5xx, a `timeout` (the request hangs, then its socket is dropped) or
 * `access-denied` (AccessDeniedException, as when the IAM policy lacks the action). Without
 * `count` or `probability` every request of the operation faults.
 */
export interface FaultRule {
  kind: (typeof FAULT_KINDS)[number];
  /** Fault only the next `count` requests (decremented as they fault). */
  count?: number;
  /** Fault each request with this probability (seeded RNG). */
  probability?: number;
  /** HTTP status of a 5xx fault: 500 (InternalFailure) or 503 (ServiceUnavailable); default 503. */
  status?: number;
  /** How long a timeout fault holds the socket before dropping it; default `knobs.timeoutHoldMs`. */
  holdMs?: number;
}

/** Terminal statuses a test can force on the next Logs Insights queries. */
export type ForcedQueryOutcome = 'Failed' | 'Cancelled' | 'Timeout';

/** Deterministic PRNG (mulberry32) so probability knobs give repeatable tests. */
export class SeededRandom {
  #state: number;
  constructor(seed = 1) {
    this.#state = seed >>> 0;
  }
  seed(seed: number): void {
    this.#state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

export interface OperationCount {
  /** First attempts (`amz-sdk-request: attempt=1`, or no such header). */
  calls: number;
  /** Every HTTP request, retries included. */
  attempts: number;
  /** Arrival times (epoch ms) of the newest MAX_RECORDED requests, in arrival order. */
  requestTimes: number[];
}

/** Requests and query strings kept per operation: a demo emulator may run for weeks. */
const MAX_RECORDED = 10_000;

/** Per-operation request counters plus the Logs Insights concurrency high-water mark. */
export class OperationCounters {
  readonly #byOperation = new Map<string, OperationCount>();
  /** Queries currently not in a terminal state (maintained by the Logs handlers). */
  runningQueries = 0;
  /** Highest `runningQueries` seen since the last reset. */
  maxRunningQueries = 0;
  /** The query strings StartQuery started since the last reset, in start order (the newest 10,000). */
  readonly startedQueries: string[] = [];

  /** Called by the Logs handlers for every query started. */
  recordStartedQuery(queryString: string): void {
    this.startedQueries.push(queryString);
    if (this.startedQueries.length > MAX_RECORDED) this.startedQueries.shift();
  }

  /** Records one HTTP request of `operation`; `attempt` is the SDK's attempt number (1 if absent). */
  record(operation: string, attempt: number, at: number): void {
    const count = this.get(operation);
    count.attempts += 1;
    if (attempt <= 1) count.calls += 1;
    count.requestTimes.push(at);
    // Dropped in halves: one splice per 5,000 requests rather than a shift per request.
    if (count.requestTimes.length > MAX_RECORDED) count.requestTimes.splice(0, MAX_RECORDED / 2);
  }

  /** The live counter of one operation (zeros if never called). */
  get(operation: string): OperationCount {
    let count = this.#byOperation.get(operation);
    if (!count) {
      count = { calls: 0, attempts: 0, requestTimes: [] };
      this.#byOperation.set(operation, count);
    }
    return count;
  }

  calls(operation: string): number {
    return this.#byOperation.get(operation)?.calls ?? 0;
  }

  attempts(operation: string): number {
    return this.#byOperation.get(operation)?.attempts ?? 0;
  }

  /** A plain copy of every operation's counts, for logging and assertions. */
  snapshot(): Record<string, { calls: number; attempts: number }> {
    return Object.fromEntries([...this.#byOperation].map(([operation, count]) => [operation, { calls: count.calls, attempts: count.attempts }]));
  }

  /** Maximum number of requests (attempts) of `operations` that arrived within any `windowMs` span. */
  maxRequestsInWindow(operations: readonly string[], windowMs = 1000): number {
    const times = operations.flatMap((operation) => this.#byOperation.get(operation)?.requestTimes ?? []);
    times.sort((a, b) => a - b);
    let best = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while ((times[end] as number) - (times[start] as number) >= windowMs) start++;
      best = Math.max(best, end - start + 1);
    }
    return best;
  }

  reset(): void {
    this.#byOperation.clear();
    this.startedQueries.length = 0;
    this.maxRunningQueries = this.runningQueries;
  }

  /** Called by the Logs handlers whenever they count the unfinished queries. */
  observeRunningQueries(count: number): void {
    this.runningQueries = count;
    if (this.runningQueries > this.maxRunningQueries) this.maxRunningQueries = this.runningQueries;
  }
}

export interface EmulatorKnobs {
  /** Added before the handler answers. */
  latencyMs: Partial<Record<Operation, number>>;
  throttle: Partial<Record<Operation, ThrottleRule>>;
  faults: Partial<Record<Operation, FaultRule>>;
  /** Default hold time of a `timeout` fault. */
  timeoutHoldMs: number;
  /** Account quota of concurrent Logs Insights queries (AWS default: 100). */
  maxConcurrentQueries: number;
  /** How long a new query stays Scheduled. */
  queryScheduledMs: number;
  /** How long a query runs (Running, with growing partial results) before it is Complete. */
  queryRunMs: number;
  /** Terminal status forced on the next queries, consumed one per StartQuery (front first). */
  nextQueryOutcomes: ForcedQueryOutcome[];
  /** How long finished query results stay retrievable by GetQueryResults. */
  queryResultRetentionMs: number;
  /** Events FilterLogEvents examines per page before it returns a (possibly short or empty) page. */
  filterScanEventsPerPage: number;
  /** AWS account id used in ARNs and `@log`. */
  accountId: string;
  region: string;
  rng: SeededRandom;
  counters: OperationCounters;
}

export type EmulatorKnobsInput = Partial<Omit<EmulatorKnobs, 'rng' | 'counters'>> & { seed?: number } | EmulatorKnobs;

const created = new WeakSet<object>();

/** Builds knobs with defaults; an object already built by this function is returned as is. */
export function createEmulatorKnobs(input: EmulatorKnobsInput = {}): EmulatorKnobs {
  if (created.has(input)) return input as EmulatorKnobs;
  const { seed, ...rest } = input as Partial<EmulatorKnobs> & { seed?: number };
  const knobs: EmulatorKnobs = {
    latencyMs: {},
    throttle: {},
    faults: {},
    timeoutHoldMs: 30_000,
    maxConcurrentQueries: 100,
    queryScheduledMs: 0,
    queryRunMs: 300,
    nextQueryOutcomes: [],
    queryResultRetentionMs: 15 * 60_000,
    filterScanEventsPerPage: 20_000,
    accountId: '123456789012',
    region: 'us-east-1',
    ...rest,
    rng: new SeededRandom(seed ?? 1),
    counters: new OperationCounters(),
  };
  created.add(knobs);
  return knobs;
}

/** Sliding-window admission for `callsPerSecond` quotas, one window per operation. */
export class ThrottleWindows {
  readonly #accepted = new Map<string, number[]>();

  /** True when the request may proceed; records it as accepted. */
  admit(operation: string, rule: ThrottleRule | undefined, now: number, rng: SeededRandom): boolean {
    if (!rule) return true;
    if (rule.count !== undefined && rule.count > 0) {
      rule.count -= 1;
      return false;
    }
    if (rule.callsPerSecond !== undefined) {
      let times = this.#accepted.get(operation);
      if (!times) {
        times = [];
        this.#accepted.set(operation, times);
      }
      while (times.length > 0 && now - (times[0] as number) >= 1000) times.shift();
      if (times.length >= rule.callsPerSecond) return false;
      if (rule.throttleProbability !== undefined && rng.next() < rule.throttleProbability) return false;
      times.push(now);
      return true;
    }
    return !(rule.throttleProbability !== undefined && rng.next() < rule.throttleProbability);
  }
}

/** Decides whether this request of `operation` gets an injected fault (and consumes `count`). */
export function takeFault(rule: FaultRule | undefined, rng: SeededRandom): FaultRule | undefined {
  if (!rule) return undefined;
  if (rule.count !== undefined) {
    if (rule.count <= 0) return undefined;
    if (rule.probability !== undefined && rng.next() >= rule.probability) return undefined;
    rule.count -= 1;
    return rule;
  }
  if (rule.probability !== undefined) return rng.next() < rule.probability ? rule : undefined;
  return rule;
}
