// Fills the emulator's stores with the demo organisation: 24 h of history relative to start-up,
// then a live feed that keeps appending as time passes. Both walk the same per-minute generator,
// so the feed continues exactly where the seeding stopped and a (seed, now) pair always gives the
// same data. Log events reach the stores in timestamp order per group (the store's cheap path).
import {
  DEMO_CLUSTER,
  DEMO_LOAD_BALANCER,
  DEMO_LOG_GROUPS,
  DEMO_SEED,
  DEMO_SERVICES,
  demoEcsTasks,
  incidentWindowAt,
  incidentWindowsBetween,
  type DemoService,
  type IncidentWindow,
} from './demo-organisation.ts';
import { backgroundLogLines, requestLogLines, type DemoLogLine } from './demo-log-lines.ts';
import { MetricBatch, minuteMetrics } from './demo-metrics.ts';
import { traceSpanRecords, type DemoSpanRecord } from './demo-span-records.ts';
import { traceDocuments } from './demo-trace-documents.ts';
import { backgroundRandom, MAX_REQUEST_MS, simulateMinute, type MinuteTraffic, type TrafficSetup } from './demo-traffic.ts';
import type { SimRequest } from './demo-traffic-model.ts';
import type { LogStore } from './log-store.ts';
import type { MetricStore } from './metric-store.ts';
import type { TraceStore } from './trace-store.ts';

export interface DemoStores {
  logs: LogStore;
  metrics: MetricStore;
  traces: TraceStore;
}

/** What the seeding produced: enough for tests and docs to point at real data. */
export interface DemoFacts {
  seed: number;
  /** Where the data ends (epoch ms, exclusive): the start-up time, or later for a demo that has been running. */
  now: number;
  /** When the demo started (epoch ms): its daily incident recurs at this time of day minus INCIDENT_LEAD_MS. */
  startedAt: number;
  historyStart: number;
  /** The latest incident that started before `now` (it recurs daily at the same time of day). */
  incident: IncidentWindow;
  /** Every incident occurrence inside the history. */
  incidents: IncidentWindow[];
  services: readonly DemoService[];
  logGroups: readonly string[];
  cluster: string;
  loadBalancer: string;
  counts: { requests: number; logEvents: number; metricSamples: number; traces: number; segments: number; faultyTraces: number };
  /** The incident's faulty traces of payments-api (throttled ledger writes) during the latest incident, oldest first. */
  incidentTraceIds: string[];
  /** Recent healthy traces of each kind, for examples (the newest of each before `now`). */
  exampleTraceIds: { checkout?: string; product?: string; thumbnailer?: string };
  /** The cross-team refund traces (CROSS_TEAM_SECRETS in other teams' spans), oldest first. */
  crossTeamTraceIds: string[];
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Where Transaction Search keeps spans; the demo writes its traces there too (the `demo-otel` profile reads them). */
export const DEMO_SPANS_LOG_GROUP = 'aws/spans';
/** Log stream of the demo's span records. */
const SPANS_LOG_STREAM = 'default';
const RETENTION_DAYS: Record<string, number> = { '/ecs/': 30, '/aws/lambda/': 14, '/aws/rds/': 7 };

/** One minute of generated telemetry, rendered once and cut into windows as needed. */
interface RenderedMinute {
  minute: number;
  traffic: MinuteTraffic;
  lines: DemoLogLine[];
  traces: Array<{ request: SimRequest; docs: Array<Record<string, unknown>>; spans: DemoSpanRecord[] }>;
}

function renderMinute(setup: TrafficSetup, minute: number, withSpans: boolean): RenderedMinute {
  const traffic = simulateMinute(setup, minute);
  const rng = backgroundRandom(setup.seed, minute, 'render');
  const lines: DemoLogLine[] = [];
  const traces: RenderedMinute['traces'] = [];
  for (const request of traffic.requests) {
    requestLogLines(request, rng, lines);
    if (request.sampled) {
      const docs = traceDocuments(request);
      traces.push({ request, docs, spans: withSpans ? traceSpanRecords(request.traceId, docs) : [] });
    }
  }
  backgroundLogLines(setup, minute, lines);
  return { minute, traffic, lines, traces };
}

/** Collects one window's output before it is written to the stores. */
class WindowOutput {
  readonly linesByGroup = new Map<string, DemoLogLine[]>();
  readonly docs: Array<Record<string, unknown>> = [];
  readonly spans: DemoSpanRecord[] = [];
  readonly metrics = new MetricBatch();
  readonly emittedTraces: SimRequest[] = [];
  requests = 0;
  logEvents = 0;

  addLine(line: DemoLogLine): void {
    let lines = this.linesByGroup.get(line.group);
    if (!lines) {
      lines = [];
      this.linesByGroup.set(line.group, lines);
    }
    lines.push(line);
    this.logEvents++;
  }

  writeTo(stores: DemoStores, groupCreationTime: number): void {
    for (const [group, lines] of this.linesByGroup) {
      if (!stores.logs.hasLogGroup(group)) {
        const retention = Object.entries(RETENTION_DAYS).find(([prefix]) => group.startsWith(prefix))?.[1];
        stores.logs.createLogGroup(group, retention === undefined ? { creationTime: groupCreationTime } : { creationTime: groupCreationTime, retentionInDays: retention });
      }
      lines.sort((a, b) => a.timestamp - b.timestamp);
      // Consecutive lines of one stream go in one call, keeping the group's global time order.
      let runStart = 0;
      for (let i = 1; i <= lines.length; i++) {
        if (i === lines.length || (lines[i] as DemoLogLine).stream !== (lines[runStart] as DemoLogLine).stream) {
          stores.logs.putLogEvents(group, (lines[runStart] as DemoLogLine).stream, lines.slice(runStart, i));
          runStart = i;
        }
      }
    }
    if (this.docs.length > 0) stores.traces.putSegments(this.docs);
    if (this.spans.length > 0) {
      if (!stores.logs.hasLogGroup(DEMO_SPANS_LOG_GROUP)) stores.logs.createLogGroup(DEMO_SPANS_LOG_GROUP, { creationTime: groupCreationTime, retentionInDays: 30 });
      this.spans.sort((a, b) => a.timestamp - b.timestamp);
      stores.logs.putLogEvents(DEMO_SPANS_LOG_GROUP, SPANS_LOG_STREAM, this.spans);
    }
    this.metrics.flush(stores.metrics);
  }
}

/** Cuts [from, to) out of a rendered minute: lines by timestamp, traces by end, metrics by minute end. */
function emitWindow(setup: TrafficSetup, rendered: RenderedMinute, from: number, to: number, out: WindowOutput): void {
  for (const line of rendered.lines) if (line.timestamp >= from && line.timestamp < to) out.addLine(line);
  for (const trace of rendered.traces) {
    if (trace.request.end >= from && trace.request.end < to) {
      for (const doc of trace.docs) out.docs.push(doc);
      for (const span of trace.spans) out.spans.push(span);
      out.emittedTraces.push(trace.request);
    }
  }
  const minuteStart = rendered.minute * MINUTE_MS;
  if (minuteStart >= from && minuteStart < to) out.requests += rendered.traffic.requests.length;
  const minuteEnd = minuteStart + MINUTE_MS;
  if (minuteEnd > from && minuteEnd <= to) minuteMetrics(setup, rendered.traffic, out.metrics);
}

function trafficSetup(seed: number, anchor: number): TrafficSetup {
  return { seed, incidentStart: incidentWindowAt(anchor).start, tasks: demoEcsTasks(seed) };
}

/**
 * Walks the demo timeline forward, writing each new window to the stores. Rendered minutes are
 * cached while a window may still need them (requests overlap minute boundaries).
 */
class DemoTimeline {
  readonly #setup: TrafficSetup;
  readonly #stores: DemoStores;
  readonly #groupCreationTime: number;
  readonly #cache = new Map<number, RenderedMinute>();
  readonly #withSpans: boolean;
  cursor: number;

  constructor(setup: TrafficSetup, stores: DemoStores, cursor: number, groupCreationTime: number, withSpans: boolean) {
    this.#withSpans = withSpans;
    this.#setup = setup;
    this.#stores = stores;
    this.cursor = cursor;
    this.#groupCreationTime = groupCreationTime;
  }

  /** Writes everything in [cursor, to) and moves the cursor; returns what was written. */
  advanceTo(to: number): WindowOutput {
    const out = new WindowOutput();
    if (to <= this.cursor) return out;
    const first = Math.floor((this.cursor - MAX_REQUEST_MS) / MINUTE_MS);
    const last = Math.floor((to - 1) / MINUTE_MS);
    for (let minute = first; minute <= last; minute++) {
      let rendered = this.#cache.get(minute);
      if (!rendered) {
        rendered = renderMinute(this.#setup, minute, this.#withSpans);
        this.#cache.set(minute, rendered);
      }
      emitWindow(this.#setup, rendered, this.cursor, to, out);
    }
    out.writeTo(this.#stores, this.#groupCreationTime);
    this.cursor = to;
    const keepFrom = Math.floor((to - MAX_REQUEST_MS) / MINUTE_MS);
    for (const minute of this.#cache.keys()) if (minute < keepFrom) this.#cache.delete(minute);
    return out;
  }
}

/** History is written ten minutes at a time, so only a few minutes of rendered output is alive at once. */
const SEED_STEP_MS = 600_000;

/** The latest occurrence of the daily incident of a demo started at `startedAt` that began before `now`. */
function latestIncident(startedAt: number, now: number): IncidentWindow {
  const first = incidentWindowAt(startedAt);
  const days = Math.max(0, Math.floor((now - 1 - first.start) / DAY_MS));
  return { ...first, start: first.start + days * DAY_MS, end: first.end + days * DAY_MS };
}

/**
 * Fills the stores with `historyHours` (default 24) of demo data ending at `now`: what a demo
 * started at `startedAt` (default `now`) holds by `now`, seeding and live feed together.
 */
export function seedDemoOrganisation(
  stores: DemoStores,
  options: { now: number; startedAt?: number; seed?: number; historyHours?: number; /** Also write the traces to aws/spans (default false). */ spans?: boolean },
): DemoFacts {
  const seed = options.seed ?? DEMO_SEED;
  const now = Math.floor(options.now);
  const startedAt = Math.floor(options.startedAt ?? now);
  if (startedAt > now) throw new RangeError('seedDemoOrganisation: startedAt is after now');
  const historyStart = now - (options.historyHours ?? 24) * 3_600_000;
  const incident = latestIncident(startedAt, now);
  const timeline = new DemoTimeline(trafficSetup(seed, startedAt), stores, historyStart, historyStart - 90 * 86_400_000, options.spans === true);

  const counts: DemoFacts['counts'] = { requests: 0, logEvents: 0, metricSamples: 0, traces: 0, segments: 0, faultyTraces: 0 };
  const incidentTraceIds: string[] = [];
  const crossTeamTraceIds: string[] = [];
  const exampleTraceIds: DemoFacts['exampleTraceIds'] = {};
  while (timeline.cursor < now) {
    const out = timeline.advanceTo(Math.min(now, timeline.cursor + SEED_STEP_MS));
    counts.requests += out.requests;
    counts.logEvents += out.logEvents;
    counts.metricSamples += out.metrics.sampleCount;
    counts.traces += out.emittedTraces.length;
    counts.segments += out.docs.length;
    for (const request of out.emittedTraces) {
      const faulty = request.hops.some((hop) => hop.fault);
      if (faulty) counts.faultyTraces++;
      const paymentsFault = request.hops.some((hop) => hop.service === 'payments-api' && hop.fault && hop.exception?.type === incident.exceptionType);
      if (paymentsFault && request.start >= incident.start && request.start < incident.end) incidentTraceIds.push(request.traceId);
      if (request.refundCheck) crossTeamTraceIds.push(request.traceId);
      if (!faulty) {
        if (request.root.route === '/checkout' && request.root.status === 200) exampleTraceIds.checkout = request.traceId;
        if (request.root.route === '/products/:sku' && request.root.status === 200) exampleTraceIds.product = request.traceId;
        if (request.entry === 'thumbnailer') exampleTraceIds.thumbnailer = request.traceId;
      }
    }
  }
  return {
    seed,
    now,
    startedAt,
    historyStart,
    incident,
    incidents: incidentWindowsBetween(startedAt, historyStart, now),
    services: DEMO_SERVICES,
    logGroups: DEMO_LOG_GROUPS,
    cluster: DEMO_CLUSTER,
    loadBalancer: DEMO_LOAD_BALANCER,
    counts,
    incidentTraceIds,
    exampleTraceIds,
    crossTeamTraceIds,
  };
}

export interface DemoFeed {
  /** Appends everything up to the clock's current time (the timer calls it; tests may too). */
  tick(): void;
  stop(): void;
}

/**
 * Keeps appending demo data as time passes. `startedAt` is when the demo started (it anchors the
 * daily incident; default: the clock at start); the feed picks up at `seededUntil`, the `now` the
 * stores were seeded with (default `startedAt`).
 */
export function startDemoFeed(
  stores: DemoStores,
  options: { intervalMs?: number; now?: () => number; seed?: number; startedAt?: number; seededUntil?: number; spans?: boolean } = {},
): DemoFeed {
  const clock = options.now ?? Date.now;
  const startedAt = Math.floor(options.startedAt ?? clock());
  const seededUntil = Math.floor(options.seededUntil ?? startedAt);
  const timeline = new DemoTimeline(trafficSetup(options.seed ?? DEMO_SEED, startedAt), stores, seededUntil, startedAt - 90 * 86_400_000, options.spans === true);

  const tick = (): void => {
    const to = Math.floor(clock());
    // After a long pause (a laptop asleep), catch up on the last hour only.
    if (to - timeline.cursor > 3_600_000) timeline.cursor = to - 3_600_000;
    timeline.advanceTo(to);
  };

  const timer = setInterval(tick, options.intervalMs ?? 1000);
  timer.unref();
  return {
    tick,
    stop: () => clearInterval(timer),
  };
}
