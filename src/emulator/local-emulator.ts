// The `local` backend in one call: in-memory stores seeded with the demo organisation, the three
// services' handlers, the HTTP endpoint, and the live feed that keeps the data arriving.
import { createCloudWatchHandlers } from './cloudwatch-handlers.ts';
import { seedDemoOrganisation, startDemoFeed, type DemoFacts, type DemoFeed, type DemoStores } from './demo-data.ts';
import { DEMO_SEED } from './demo-organisation.ts';
import { createEmulatorKnobs, type EmulatorKnobsInput } from './emulator-knobs.ts';
import { startEmulator, type RunningEmulator } from './emulator-server.ts';
import { LogStore } from './log-store.ts';
import { createLogsHandlers } from './logs-handlers.ts';
import { MetricStore } from './metric-store.ts';
import { TraceStore } from './trace-store.ts';
import { createXRayHandlers } from './xray-handlers.ts';

export interface LocalEmulatorOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  seed?: number;
  /** Start-up time the demo data is relative to (epoch ms); the clock runs on from it. Default: now. */
  now?: number;
  /**
   * When the demo started (epoch ms, at most `now`; default `now`): the stores then hold what a demo
   * started then holds by `now` (its daily incident anchored at that start), e.g. to see the demo
   * as it is 3 hours after `npm start`.
   */
  demoStartedAt?: number;
  /** Seed the demo organisation (default true); false gives empty stores. */
  demo?: boolean;
  /** Keep appending demo data as time passes (default true; only with the demo). */
  liveFeed?: boolean;
  /** How often the live feed appends (default 1000 ms). */
  feedIntervalMs?: number;
  historyHours?: number;
  /** Also write the demo's traces to `aws/spans` as OpenTelemetry span records, as with Transaction Search on (default false; the local backend and `tinkr-server emulator` turn it on). */
  spans?: boolean;
  knobs?: EmulatorKnobsInput;
}

export interface LocalEmulator {
  emulator: RunningEmulator;
  stores: DemoStores;
  facts?: DemoFacts;
  /** The emulator's clock (epoch ms): `now` plus the time elapsed since start-up. */
  clock: () => number;
  /** Appends the demo data due by the clock now (what the feed's timer does), when the feed runs. */
  feed?: DemoFeed;
  close(): Promise<void>;
}

export async function startLocalEmulator(options: LocalEmulatorOptions = {}): Promise<LocalEmulator> {
  const startedAt = Math.floor(options.now ?? Date.now());
  const realStart = Date.now();
  const clock = (): number => startedAt + (Date.now() - realStart);
  const seed = options.seed ?? DEMO_SEED;
  const demoStartedAt = Math.floor(options.demoStartedAt ?? startedAt);

  const stores: DemoStores = { logs: new LogStore({ now: clock }), metrics: new MetricStore(), traces: new TraceStore() };
  const demo = options.demo !== false;
  const spans = options.spans === true;
  const facts = demo
    ? seedDemoOrganisation(stores, { now: startedAt, startedAt: demoStartedAt, seed, spans, ...(options.historyHours === undefined ? {} : { historyHours: options.historyHours }) })
    : undefined;

  const knobs = createEmulatorKnobs(options.knobs ?? { seed });
  const startOptions: Parameters<typeof startEmulator>[0] = {
    handlers: {
      logs: createLogsHandlers(stores.logs, knobs),
      cloudwatch: createCloudWatchHandlers(stores.metrics),
      xray: createXRayHandlers(stores.traces),
    },
    knobs,
    now: clock,
  };
  if (options.host !== undefined) startOptions.host = options.host;
  if (options.port !== undefined) startOptions.port = options.port;
  const emulator = await startEmulator(startOptions);

  const feed = demo && options.liveFeed !== false
    ? startDemoFeed(stores, { now: clock, seed, startedAt: demoStartedAt, seededUntil: startedAt, intervalMs: options.feedIntervalMs ?? 1000, spans })
    : undefined;

  const running: LocalEmulator = {
    emulator,
    stores,
    clock,
    async close() {
      feed?.stop();
      await emulator.close();
    },
  };
  if (facts) running.facts = facts;
  if (feed) running.feed = feed;
  return running;
}
