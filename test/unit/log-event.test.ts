// Logs Insights cells and FilterLogEvents events -> LogEvent.
import { describe, expect, it } from 'vitest';
import { findTraceId, logEventFromFilteredEvent, logEventFromRow, parseInsightsTimestamp, parseLevel } from '../../src/aws/log-event.ts';

const TRACE = '1-67a1b2c3-0123456789abcdef01234567';

describe('logEventFromRow', () => {
  it('converts string cells to a typed event', () => {
    const event = logEventFromRow([
      { field: '@timestamp', value: '2026-11-25 10:00:00.123' },
      { field: '@message', value: `2026-11-25T10:00:00.123Z ERROR [ledger] write failed reqId=r1 traceId=${TRACE}` },
      { field: '@logStream', value: 'ecs/payments-api/abc' },
      { field: '@log', value: '123456789012:/ecs/payments-api' },
      { field: '@ptr', value: 'CmAKJwoj' },
      { field: 'latency', value: '42' },
    ]);
    expect(event).toEqual({
      timestamp: new Date('2026-11-25T10:00:00.123Z'),
      message: `2026-11-25T10:00:00.123Z ERROR [ledger] write failed reqId=r1 traceId=${TRACE}`,
      logStream: 'ecs/payments-api/abc',
      logGroup: '/ecs/payments-api',
      level: 'ERROR',
      traceId: TRACE,
      fields: { latency: '42' },
      ptr: 'CmAKJwoj',
    });
  });

  it('leaves absent cells null', () => {
    expect(logEventFromRow([{ field: '@timestamp', value: '2026-11-25 10:00:00.000' }])).toEqual({
      timestamp: new Date('2026-11-25T10:00:00.000Z'),
      message: '',
      logStream: null,
      logGroup: null,
      level: null,
      traceId: null,
      fields: null,
      ptr: null,
    });
  });
});

describe('parseInsightsTimestamp', () => {
  it('reads Logs Insights time as UTC', () => {
    expect(parseInsightsTimestamp('2026-11-25 10:00:00.000').toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(parseInsightsTimestamp('2026-11-25 23:59:59').toISOString()).toBe('2026-11-25T23:59:59.000Z');
    expect(parseInsightsTimestamp('1764064800000').toISOString()).toBe('2025-11-25T10:00:00.000Z');
    expect(() => parseInsightsTimestamp('yesterday')).toThrow(/unreadable/);
  });
});

describe('parseLevel', () => {
  it.each([
    ['{"level":"ERROR","msg":"x"}', 'ERROR'],
    ['{"level":"warning","msg":"x"}', 'WARN'],
    ['{"severity":"critical"}', 'FATAL'],
    ['2026-11-25T10:00:00Z INFO [http] GET /', 'INFO'],
    ['2026-11-25T10:00:00.000Z\treq-1\tERROR\t{"msg":"boom"}', 'ERROR'],
    ['2026-11-25 10:00:00 UTC::@:[583]:ERROR:  duplicate key', 'ERROR'],
    ['WARNING: disk almost full', 'WARN'],
    ['an error happened (lower case is prose, not a level)', null],
    ['INFORMATION is not a level word', null],
  ])('%j -> %s', (message, level) => {
    expect(parseLevel(message)).toBe(level);
  });
});

describe('findTraceId', () => {
  it('prefers a traceId/@xrayTraceId field, then the line', () => {
    expect(findTraceId('no id here', { '@xrayTraceId': TRACE })).toBe(TRACE);
    expect(findTraceId(JSON.stringify({ traceId: TRACE, msg: 'x' }), null)).toBe(TRACE);
    expect(findTraceId(`XRAY TraceId: ${TRACE}\tSegmentId: 53995c3f42cd8ad8`, null)).toBe(TRACE);
    expect(findTraceId(`Root=${TRACE};Parent=53995c3f42cd8ad8;Sampled=1`, null)).toBe(TRACE);
    expect(findTraceId('1-67a1b2c3-0123456789abcdef0123456 (23 hex: not an id)', null)).toBeNull();
    expect(findTraceId('1-67A1B2C3-0123456789ABCDEF01234567', null)).toBeNull();
    // OpenTelemetry log records carry the W3C form: converted to X-Ray's.
    expect(findTraceId(JSON.stringify({ trace_id: '67A1B2C30123456789abcdef01234567', body: 'x' }), null)).toBe('1-67a1b2c3-0123456789abcdef01234567');
    expect(findTraceId('no id', { traceId: '67a1b2c30123456789abcdef01234567' })).toBe('1-67a1b2c3-0123456789abcdef01234567');
  });
});

describe('logEventFromFilteredEvent', () => {
  it('keeps the event id as ptr', () => {
    expect(
      logEventFromFilteredEvent({ timestamp: 1_764_064_800_000, message: `{"level":"INFO","traceId":"${TRACE}"}`, logStreamName: 's', eventId: 'e1' }, '/ecs/x'),
    ).toEqual({ timestamp: new Date(1_764_064_800_000), message: `{"level":"INFO","traceId":"${TRACE}"}`, logStream: 's', logGroup: '/ecs/x', level: 'INFO', traceId: TRACE, fields: null, ptr: 'e1' });
  });
});
