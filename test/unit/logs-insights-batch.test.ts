// The merged Logs Insights query text of several services and the routing of its rows.
import { describe, expect, it } from 'vitest';
import { buildBatchedEventsQuery, buildBatchedVolumeQuery, packMembers, RowRouter, type BatchSource } from '../../src/aws/logs-insights-batch.ts';
import { MAX_QUERY_STRING } from '../../src/aws/logs-insights-query.ts';

const PREFIX = ['/ecs/a', '/ecs/b'];

describe('buildBatchedEventsQuery', () => {
  it('ORs the stream conditions of services on the same log groups', () => {
    // In a canonical order: services asked in another order make the same query (and share its run).
    const orders: BatchSource = { logGroups: ['/ecs/x'], streamPattern: 'orders' };
    const payments: BatchSource = { logGroups: ['/ecs/x'], streamPattern: 'payments-api' };
    expect(buildBatchedEventsQuery({ sources: [payments, orders], filter: null, limit: 5 })).toEqual(buildBatchedEventsQuery({ sources: [orders, payments], filter: null, limit: 5 }));
    const { queryString, logGroups } = buildBatchedEventsQuery({
      sources: [
        { logGroups: PREFIX, streamPattern: 'payments\\-api' },
        { logGroups: PREFIX, streamPattern: 'orders' },
      ],
      filter: { levels: ['ERROR'] },
      limit: 202,
    });
    expect(logGroups).toEqual(PREFIX);
    expect(queryString).toBe(
      'fields @timestamp, @message, @logStream, @log | filter @message like /\\b(?:ERROR)\\b/ | filter (@logStream like /orders/) or (@logStream like /payments\\-api/) | sort @timestamp desc | limit 202',
    );
  });

  it('adds a log-group condition only for services that do not read every group of the union', () => {
    const { queryString, logGroups } = buildBatchedEventsQuery({
      sources: [
        { logGroups: PREFIX, streamPattern: 'web' },
        { logGroups: ['/aws/lambda/x#1'], streamPattern: undefined },
      ],
      filter: null,
      limit: 10,
    });
    expect(logGroups).toEqual(['/aws/lambda/x#1', '/ecs/a', '/ecs/b']);
    expect(queryString).toBe(
      'fields @timestamp, @message, @logStream, @log | filter (@log like /(?:^|:)(?:\\/aws\\/lambda\\/x\\x231)$/) or (@log like /(?:^|:)(?:\\/ecs\\/a|\\/ecs\\/b)$/ and @logStream like /web/) | sort @timestamp desc | limit 10',
    );
  });

  it('needs no member filter when one service takes every line of the union', () => {
    const { queryString } = buildBatchedEventsQuery({ sources: [{ logGroups: PREFIX, streamPattern: undefined }, { logGroups: PREFIX, streamPattern: 'x' }], filter: null, limit: 5 });
    expect(queryString).toBe('fields @timestamp, @message, @logStream, @log | sort @timestamp desc | limit 5');
  });

  it('volume splits by @log alone when no service has a stream pattern', () => {
    expect(buildBatchedVolumeQuery({ sources: [{ logGroups: ['/g/1'], streamPattern: undefined }, { logGroups: ['/g/2'], streamPattern: undefined }], filter: null, bucketMs: 300_000 }).queryString).toBe(
      'filter (@log like /(?:^|:)(?:\\/g\\/1)$/) or (@log like /(?:^|:)(?:\\/g\\/2)$/) | stats count(*) as events by bin(5m), @log',
    );
    expect(buildBatchedVolumeQuery({ sources: [{ logGroups: PREFIX, streamPattern: 'a' }, { logGroups: PREFIX, streamPattern: 'b' }], filter: null, bucketMs: 60_000 }).queryString).toBe(
      'filter (@logStream like /a/) or (@logStream like /b/) | stats count(*) as events by bin(1m), @log, @logStream',
    );
  });
});

describe('RowRouter', () => {
  it('routes a row to every service whose groups and stream pattern it matches (RE2, (?i) honoured)', () => {
    const router = new RowRouter([
      { logGroups: PREFIX, streamPattern: 'api' },
      { logGroups: PREFIX, streamPattern: '^api-gw/' },
      { logGroups: ['/ecs/b'], streamPattern: undefined },
      { logGroups: PREFIX, streamPattern: '(?i)API' },
    ]);
    expect(router.route('/ecs/a', 'api-gw/task/1')).toEqual([0, 1, 3]);
    expect(router.route('/ecs/b', 'web/1')).toEqual([2]);
    expect(router.route('/ecs/c', 'api/1')).toEqual([]);
    expect(router.route(null, 'api/1')).toEqual([]);
  });
});

describe('packMembers', () => {
  it('cuts services into queries of at most 10,000 characters, same log groups together', () => {
    const sources: BatchSource[] = Array.from({ length: 400 }, (_, k) => ({ logGroups: k % 2 ? ['/x'] : ['/y'], streamPattern: `service-number-${k}-with-a-long-name` }));
    const sets = packMembers(sources, (source) => source, (set) => buildBatchedEventsQuery({ sources: set, filter: null, limit: 10_000 }).queryString);
    expect(sets.length).toBeGreaterThan(1);
    expect(sets.flat()).toHaveLength(400);
    for (const set of sets) expect(buildBatchedEventsQuery({ sources: set, filter: null, limit: 10_000 }).queryString.length).toBeLessThanOrEqual(MAX_QUERY_STRING);
    // Same log groups together: one group's 200 services, then the other's.
    const firstGroup = sets.flat()[0]!.logGroups[0];
    expect(sets.flat().slice(0, 200).every((source) => source.logGroups[0] === firstGroup)).toBe(true);
  });

  it('finds the sets by doubling and halving: 100 services that fit in one query cost 7 query texts, not 100', () => {
    const sources: BatchSource[] = Array.from({ length: 100 }, (_, k) => ({ logGroups: PREFIX, streamPattern: `svc-${k}` }));
    let built = 0;
    const sets = packMembers(sources, (source) => source, (set) => {
      built++;
      return buildBatchedEventsQuery({ sources: set, filter: null, limit: 10_000 }).queryString;
    });
    expect(sets).toHaveLength(1);
    expect(new Set(sets[0])).toEqual(new Set(sources));
    expect(built).toBe(7);
  });
});
