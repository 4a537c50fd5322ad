// Property: for random services (prefix + stream pattern, explicit log groups, both, overlapping
// names), random data, filters, limits and windows, the batched Logs Insights answer of every
// service equals the answer of its own query, both run by the real SDK against the emulator.
// Timestamps are distinct: with equal timestamps at a limit's cut, Logs Insights may return either
// line, for its own query as for the merged one.
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBatchedEventsQuery, packMembers, runBatchedEvents, runBatchedVolume, type BatchSource, type EventsBatchMember, type InsightsPartsRun } from '../../src/aws/logs-insights-batch.ts';
import { buildEventsQuery, buildVolumeQuery, formatBucket, literalRegexSource, type LogFilter } from '../../src/aws/logs-insights-query.ts';
import { runInsightsQueryOverGroups, runLogEventsQuery } from '../../src/aws/logs-insights-runner.ts';
import { DemoRandom } from '../../src/emulator/demo-random.ts';
import type { RunningEmulator } from '../../src/emulator/emulator-server.ts';
import { LogStore } from '../../src/emulator/log-store.ts';
import { startLogsOnlyEmulator, type LogsOnlyEmulator } from '../support/logs-only-emulator.ts';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const SPAN_MS = 10 * 60_000;
const NAMES = ['api', 'api-gw', 'billing', 'web', 'worker', 'Api-admin'];
const WORDS = ['charge', 'order', 'timeout', 'ok', 'db', 'retry'];
const LEVELS = ['INFO', 'INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG'];
const FILTERS: Array<LogFilter | null> = [null, null, { levels: ['ERROR'] }, { contains: 'order' }, { exclude: 'ok' }, { matches: 'time(out)?|retry' }, { levels: ['WARN', 'ERROR'], exclude: 'db' }];
const CASES = 40;

let running: LogsOnlyEmulator;
let emulator: RunningEmulator;
let store: LogStore;
let client: CloudWatchLogsClient;
const run: InsightsPartsRun = (input) => runInsightsQueryOverGroups(client, input, { timeoutMs: 10_000 });
const totals = { cases: 0, services: 0, batchedStartQuery: 0, ownStartQuery: 0, followUps: 0, truncated: 0, source: 0 };

beforeAll(async () => {
  store = new LogStore({ now: () => T0 + SPAN_MS });
  running = await startLogsOnlyEmulator(store);
  emulator = running.emulator;
  client = running.client;
});
afterAll(async () => {
  await running?.close();
  console.log(
    `batched == per-service in ${totals.cases} random cases (${totals.services} services, ${totals.source} of them read through SOURCE, ${totals.truncated} truncated answers): ` +
      `${totals.batchedStartQuery} StartQuery batched (${totals.followUps} of them follow-ups for starved services) vs ${totals.ownStartQuery} one per service`,
  );
});

/** The groups a member reads, as today's per-service query lists them. */
const listed = (member: BatchSource, c: { groups: string[] }): string[] => (member.sourcePrefix !== undefined ? [...c.groups].sort() : [...member.logGroups].sort());

interface Case {
  groups: string[];
  members: EventsBatchMember[];
  filter: LogFilter | null;
  startMs: number;
  endMs: number;
}

/** Writes a case's data under its own group names and returns its services and query. */
function generate(seed: number): Case {
  const random = new DemoRandom(seed);
  const groups = Array.from({ length: random.int(1, 4) }, (_, k) => `/case-${seed}/${random.pick(['svc', 'svc.x', 'svc#1', 'svc-y'])}-${k}`);
  const used = new Set<number>();
  const timestamp = (from: number, to: number): number => {
    for (;;) {
      const t = random.int(from, to);
      if (!used.has(t)) {
        used.add(t);
        return t;
      }
    }
  };
  // Streams of the named services and of others; each stream writes in its own part of the span,
  // so one service can crowd the newest rows while another only has older ones.
  const streams = Array.from({ length: random.int(2, 8) }, (_, k) => ({
    group: random.pick(groups),
    name: `${random.chance(0.8) ? random.pick(NAMES) : 'other'}/task/${k}`,
    from: T0 + random.int(0, SPAN_MS / 2),
    lines: random.pick([0, 3, 10, 40, 120]),
  }));
  for (const stream of streams) {
    const events = Array.from({ length: stream.lines }, () => ({
      timestamp: timestamp(stream.from, T0 + SPAN_MS),
      message: `${random.pick(LEVELS)} ${random.pick(WORDS)} ${random.pick(WORDS)} #${random.int(0, 9999)}`,
    })).sort((a, b) => a.timestamp - b.timestamp);
    if (events.length > 0) store.putLogEvents(stream.group, stream.name, events);
  }
  for (const group of groups) if (!store.hasLogGroup(group)) store.createLogGroup(group, { creationTime: T0 });
  const members: EventsBatchMember[] = Array.from({ length: random.int(2, 6) }, () => {
    const name = random.pick(NAMES);
    const subset = groups.filter(() => random.chance(0.6));
    const ownGroups = subset.length > 0 ? subset : [random.pick(groups)];
    const limit = random.pick([1, 2, 5, 10, 20, 50]);
    switch (random.int(0, 3)) {
      case 0: // the profile's prefix, filtered by the service's name: listed, or by the SOURCE command
        return random.chance(0.5) ? { logGroups: groups, streamPattern: literalRegexSource(name), limit } : { logGroups: [], sourcePrefix: `/case-${seed}/`, streamPattern: literalRegexSource(name), limit };
      case 1: // explicit log groups
        return { logGroups: ownGroups, streamPattern: undefined, limit };
      case 2: // explicit log groups and a stream pattern
        return { logGroups: ownGroups, streamPattern: `^${literalRegexSource(name)}/`, limit };
      default: // a case-insensitive pattern
        return { logGroups: groups, streamPattern: `(?i)${name.toLowerCase()}`, limit };
    }
  });
  const startMs = T0 + random.int(0, 120_000);
  const endMs = T0 + SPAN_MS - random.int(0, 120_000);
  return { groups, members, filter: random.pick(FILTERS), startMs, endMs };
}

const shape = (events: ReadonlyArray<{ timestamp: Date; message: string; logGroup: string | null; logStream: string | null }>) =>
  events.map((event) => `${event.timestamp.toISOString()} ${event.logGroup} ${event.logStream} ${event.message}`);

describe('batched Logs Insights == one query per service', () => {
  it(`events: newest limit lines, truncated and recordsMatched in ${CASES} random cases`, async () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const c = generate(seed);
      const before = emulator.counters.calls('StartQuery');
      // A small merged limit in most cases, so busy services fill the merged answer and starve others.
      const mergedLimit = seed % 4 === 0 ? undefined : (seed * 7) % 60;
      const batched = await runBatchedEvents(run, { filter: c.filter, startMs: c.startMs, endMs: c.endMs, members: c.members, ...(mergedLimit !== undefined ? { mergedLimit } : {}) });
      const batchedCalls = emulator.counters.calls('StartQuery') - before;
      const own = await Promise.all(
        c.members.map((member) =>
          runLogEventsQuery(
            client,
            { logGroups: listed(member, c), queryString: buildEventsQuery({ streamPattern: member.streamPattern, filter: c.filter, limit: member.limit }), startMs: c.startMs, endMs: c.endMs, limit: member.limit },
            { timeoutMs: 10_000 },
          ),
        ),
      );
      // Members alone in their set (or with a limit of 10,000) run their own query first.
      const packedSets = packMembers(c.members, (member) => member, (set) => buildBatchedEventsQuery({ sources: set, filter: c.filter, limit: 10_000 }).queryString).length;
      totals.cases++;
      totals.services += c.members.length;
      totals.source += c.members.filter((member) => member.sourcePrefix !== undefined).length;
      totals.batchedStartQuery += batchedCalls;
      totals.ownStartQuery += c.members.length;
      totals.followUps += Math.max(0, batchedCalls - packedSets);
      c.members.forEach((member, k) => {
        const answer = batched[k];
        const expected = own[k]!;
        const where = `seed ${seed}, member ${k} ${JSON.stringify(member)}, filter ${JSON.stringify(c.filter)}`;
        if (answer instanceof Error) throw new Error(`${where}: ${answer.message}`);
        expect(shape(answer!.events), where).toEqual(shape(expected.events));
        expect(answer!.truncated, where).toBe(expected.truncated);
        if (answer!.statistics.recordsMatchedExact) expect(answer!.statistics.recordsMatched, where).toBe(expected.statistics.recordsMatched);
        else expect(answer!.statistics.recordsMatched, where).toBeLessThanOrEqual(expected.statistics.recordsMatched);
        if (expected.truncated) totals.truncated++;
      });
    }
    // The merged queries share scans: never more StartQuery than services, except for follow-ups.
    expect(totals.batchedStartQuery).toBeLessThan(totals.ownStartQuery + totals.followUps + 1);
  }, 120_000);

  it('volume: per-bucket counts split by @log/@logStream equal each service own stats query', async () => {
    for (let seed = 101; seed <= 115; seed++) {
      const c = generate(seed);
      const bucketMs = [60_000, 300_000][seed % 2] as number;
      const sources: BatchSource[] = c.members.map(({ logGroups, streamPattern, sourcePrefix }) => ({ logGroups, streamPattern, sourcePrefix }));
      const batched = await runBatchedVolume(run, { filter: c.filter, startMs: c.startMs, endMs: c.endMs, bucketMs, members: sources });
      for (const [k, source] of sources.entries()) {
        const parts = await run({ logGroups: listed(source, c), queryString: buildVolumeQuery({ streamPattern: source.streamPattern, filter: c.filter, bucketMs }), startMs: c.startMs, endMs: c.endMs });
        const expected = new Map<string, number>();
        for (const row of parts.flatMap((part) => part.rows)) {
          const bin = row.find((cell) => cell.field === `bin(${formatBucket(bucketMs)})`)?.value as string;
          expected.set(bin, Number(row.find((cell) => cell.field === 'events')?.value));
        }
        const answer = batched[k];
        if (answer instanceof Error) throw answer;
        const got = new Map([...answer!.counts].map(([bin, count]) => [new Date(bin).toISOString().replace('T', ' ').replace('Z', ''), count]));
        expect(Object.fromEntries(got), `seed ${seed}, member ${k}`).toEqual(Object.fromEntries(expected));
        expect(answer!.statistics.recordsMatched).toBe([...expected.values()].reduce((a, b) => a + b, 0));
      }
    }
  }, 120_000);

  it('a failed follow-up query fails only the starved services; a failed merged query fails the services it served', async () => {
    const group = '/failures/app';
    // api writes the newest 30 lines, worker 5 older ones: a merged limit of 2 + 2 starves worker.
    store.putLogEvents(group, 'worker/1', Array.from({ length: 5 }, (_, i) => ({ timestamp: T0 + i * 1_000, message: `INFO old ${i}` })));
    store.putLogEvents(group, 'api/1', Array.from({ length: 30 }, (_, i) => ({ timestamp: T0 + 60_000 + i * 1_000, message: `INFO new ${i}` })));
    const members: EventsBatchMember[] = [
      { logGroups: [group], streamPattern: 'api', limit: 1 },
      { logGroups: [group], streamPattern: 'worker', limit: 1 },
    ];
    let calls = 0;
    const secondFails: InsightsPartsRun = (input) => (++calls === 2 ? Promise.reject(new Error('follow-up failed')) : run(input));
    const answers = await runBatchedEvents(secondFails, { filter: null, startMs: T0, endMs: T0 + SPAN_MS, members, mergedLimit: 4 });
    expect(calls).toBe(2);
    expect(answers[0]).not.toBeInstanceOf(Error);
    expect((answers[0] as { events: Array<{ message: string }> }).events.map((event) => event.message)).toEqual(['INFO new 29']);
    expect(answers[1]).toBeInstanceOf(Error);
    expect((answers[1] as Error).message).toBe('follow-up failed');

    const healthy = await runBatchedEvents(run, { filter: null, startMs: T0, endMs: T0 + SPAN_MS, members, mergedLimit: 4 });
    expect(healthy.map((answer) => (answer as { events: Array<{ message: string }> }).events.map((event) => event.message))).toEqual([['INFO new 29'], ['INFO old 4']]);
    expect(healthy.map((answer) => (answer as { truncated: boolean }).truncated)).toEqual([true, true]);

    const allFail: InsightsPartsRun = () => Promise.reject(new Error('merged failed'));
    const failed = await runBatchedEvents(allFail, { filter: null, startMs: T0, endMs: T0 + SPAN_MS, members });
    expect(failed.map((answer) => (answer as Error).message)).toEqual(['merged failed', 'merged failed']);
  });
});
