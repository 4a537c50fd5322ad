// Segment documents -> spans, on documents written as the X-Ray developer guide's "Segment
// documents" chapter defines them (segment fields, nested subsegments with `namespace`, a
// downstream segment whose parent_id is the calling subsegment, an inferred segment, a separately
// sent subsegment with `type: "subsegment"`, `cause.exceptions` with stacks, `sql`, `aws`), with
// the exact expected span tree.
import { describe, expect, it } from 'vitest';
import { normalizeTraceId, parseTraceDocuments, traceOverview, type Span } from '../../src/aws/segment-documents.ts';

const TRACE = '1-5759e988-bd862e3fe1be46a994272793';

/** The front end's segment, with a remote call and a custom subsegment around a DynamoDB call. */
const frontEnd = {
  trace_id: TRACE,
  id: 'defdfd9912dc5a56',
  start_time: 1461096053.37518,
  end_time: 1461096053.4042,
  name: 'www.example.com',
  origin: 'AWS::EC2::Instance',
  fault: true,
  http: {
    request: {
      url: 'https://www.example.com/health',
      method: 'GET',
      user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/601.7.7',
      client_ip: '11.0.3.111',
    },
    response: { status: 500, content_length: 86 },
  },
  annotations: { customer_category: 124, zip_code: 98101, country: 'United States', internal: false },
  subsegments: [
    {
      id: '53995c3f42cd8ad8',
      name: 'api.example.com',
      start_time: 1461096053.37769,
      end_time: 1461096053.40379,
      namespace: 'remote',
      fault: true,
      http: { request: { url: 'https://api.example.com/health', method: 'POST', traced: true }, response: { status: 500, content_length: 861 } },
      cause: '2d4f5f6a7b8c9d0e',
    },
    {
      id: '4a2b9f2e1c3d5e6f',
      name: '## UserModel.saveUser',
      start_time: 1461096053.385,
      end_time: 1461096053.399,
      metadata: { debug: { test: 'Metadata string from UserModel.saveUser' } },
      subsegments: [
        {
          id: '24756640c0d0978a',
          start_time: 1461096053.386,
          end_time: 1461096053.398,
          name: 'DynamoDB',
          namespace: 'aws',
          http: { response: { content_length: 60, status: 200 } },
          aws: {
            table_name: 'scorekeep-user',
            operation: 'UpdateItem',
            request_id: 'UBQNSO5AEM8T4FDA4RQDEB94OVTDRVV4K4HIRGVJF66Q9ASUAAJG',
            resource_names: ['scorekeep-user'],
          },
        },
      ],
    },
  ],
};

/** The downstream service's segment: its parent_id is the calling subsegment. */
const downstream = {
  trace_id: TRACE,
  id: '6b55dcc497934f1a',
  parent_id: '53995c3f42cd8ad8',
  name: 'api.example.com',
  origin: 'AWS::ECS::Container',
  start_time: 1461096053.379,
  end_time: 1461096053.403,
  fault: true,
  http: { request: { method: 'POST', url: 'https://api.example.com/health', client_ip: '10.0.1.12', x_forwarded_for: true }, response: { status: 500, content_length: 861 } },
  subsegments: [
    {
      id: '3fd8634e78ca9560',
      name: 'ebdb@aawijb5u25wdoy.cpamxznpdoq8.us-west-2.rds.amazonaws.com',
      namespace: 'remote',
      start_time: 1461096053.381,
      end_time: 1461096053.4,
      fault: true,
      sql: {
        url: 'jdbc:postgresql://aawijb5u25wdoy.cpamxznpdoq8.us-west-2.rds.amazonaws.com:5432/ebdb',
        preparation: 'statement',
        database_type: 'PostgreSQL',
        database_version: '9.5.4',
        driver_version: 'PostgreSQL 9.4.1211.jre7',
        user: 'dbuser',
        sanitized_query: 'SELECT  *  FROM  customers  WHERE  customer_id=?;',
      },
      cause: {
        working_directory: '/var/app',
        paths: ['/var/app/lib/postgresql.jar'],
        exceptions: [
          {
            id: '2d4f5f6a7b8c9d0e',
            message: 'Connection to aawijb5u25wdoy:5432 refused',
            type: 'org.postgresql.util.PSQLException',
            remote: true,
            stack: [
              { path: 'ConnectionFactoryImpl.java', line: 262, label: 'openConnectionImpl' },
              { path: 'PgConnection.java', line: 194 },
            ],
          },
        ],
      },
    },
  ],
};

/** The segment X-Ray infers for the DynamoDB table from the AWS SDK subsegment. */
const inferredTable = {
  trace_id: TRACE,
  id: '1c2d3e4f5a6b7c8d',
  parent_id: '24756640c0d0978a',
  name: 'scorekeep-user',
  origin: 'AWS::DynamoDB::Table',
  inferred: true,
  start_time: 1461096053.386,
  end_time: 1461096053.398,
  http: { response: { status: 200 } },
  aws: { table_name: 'scorekeep-user', operation: 'UpdateItem' },
};

/** A subsegment sent on its own (`type: "subsegment"`), naming its parent segment. */
const independent = {
  name: '## render',
  id: '5a3b1c0d9e8f7a6b',
  trace_id: TRACE,
  parent_id: 'defdfd9912dc5a56',
  type: 'subsegment',
  start_time: 1461096053.4,
  end_time: 1461096053.404,
  annotations: { country: 'Canada' },
};

const segments = (...docs: object[]) => docs.map((doc) => ({ Id: (doc as { id: string }).id, Document: JSON.stringify(doc) }));

/** Spans as comparable records: children as their ids. */
const flat = (spans: Span[]) => spans.map(({ children, ...span }) => ({ ...span, children: children.map((child) => child.id) }));
type Shape = [string, string | null, Shape[]];
const shape = (span: Span): Shape => [span.id, span.parentId, span.children.map(shape)];

const base = {
  traceId: TRACE,
  inferred: false,
  namespace: null,
  origin: null,
  inProgress: false,
  error: false,
  fault: false,
  throttle: false,
  http: null,
  sql: null,
  aws: null,
  annotations: null,
  metadata: null,
  exceptions: [],
};

describe('parseTraceDocuments', () => {
  // Deliberately not in caller order: the tree must not depend on the order X-Ray returns segments in.
  const parsed = parseTraceDocuments(TRACE, segments(inferredTable, downstream, independent, frontEnd));

  it('builds X-Ray\'s tree: nesting, parent_id of downstream and inferred segments, separate subsegments', () => {
    expect(parsed.rootSpans.map(shape)).toEqual([
      [
        'defdfd9912dc5a56',
        null,
        [
          ['53995c3f42cd8ad8', 'defdfd9912dc5a56', [['6b55dcc497934f1a', '53995c3f42cd8ad8', [['3fd8634e78ca9560', '6b55dcc497934f1a', []]]]]],
          ['4a2b9f2e1c3d5e6f', 'defdfd9912dc5a56', [['24756640c0d0978a', '4a2b9f2e1c3d5e6f', [['1c2d3e4f5a6b7c8d', '24756640c0d0978a', []]]]]],
          ['5a3b1c0d9e8f7a6b', 'defdfd9912dc5a56', []],
        ],
      ],
    ]);
    expect(parsed.unreadableDocuments).toBe(0);
  });

  it('lists every span flat in start order with exactly the documents\' fields', () => {
    expect(flat(parsed.spans)).toEqual([
      {
        ...base,
        id: 'defdfd9912dc5a56',
        parentId: null,
        segmentId: 'defdfd9912dc5a56',
        kind: 'segment',
        name: 'www.example.com',
        service: 'www.example.com',
        origin: 'AWS::EC2::Instance',
        startTime: 1461096053375.18,
        endTime: 1461096053404.2,
        durationMs: 29.02,
        fault: true,
        http: {
          method: 'GET',
          url: 'https://www.example.com/health',
          status: 500,
          userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/601.7.7',
          clientIp: '11.0.3.111',
          contentLength: 86,
        },
        annotations: { customer_category: 124, zip_code: 98101, country: 'United States', internal: false },
        children: ['53995c3f42cd8ad8', '4a2b9f2e1c3d5e6f', '5a3b1c0d9e8f7a6b'],
      },
      {
        ...base,
        id: '53995c3f42cd8ad8',
        parentId: 'defdfd9912dc5a56',
        segmentId: 'defdfd9912dc5a56',
        kind: 'subsegment',
        name: 'api.example.com',
        service: 'www.example.com',
        namespace: 'remote',
        startTime: 1461096053377.69,
        endTime: 1461096053403.79,
        durationMs: 26.1,
        fault: true,
        http: { method: 'POST', url: 'https://api.example.com/health', status: 500, userAgent: null, clientIp: null, contentLength: 861 },
        // `cause` names an exception recorded elsewhere (by its id): nothing of its own.
        exceptions: [],
        children: ['6b55dcc497934f1a'],
      },
      {
        ...base,
        id: '6b55dcc497934f1a',
        parentId: '53995c3f42cd8ad8',
        segmentId: '6b55dcc497934f1a',
        kind: 'segment',
        name: 'api.example.com',
        service: 'api.example.com',
        origin: 'AWS::ECS::Container',
        startTime: 1461096053379,
        endTime: 1461096053403,
        durationMs: 24,
        fault: true,
        http: { method: 'POST', url: 'https://api.example.com/health', status: 500, userAgent: null, clientIp: '10.0.1.12', contentLength: 861 },
        children: ['3fd8634e78ca9560'],
      },
      {
        ...base,
        id: '3fd8634e78ca9560',
        parentId: '6b55dcc497934f1a',
        segmentId: '6b55dcc497934f1a',
        kind: 'subsegment',
        name: 'ebdb@aawijb5u25wdoy.cpamxznpdoq8.us-west-2.rds.amazonaws.com',
        service: 'api.example.com',
        namespace: 'remote',
        startTime: 1461096053381,
        endTime: 1461096053400,
        durationMs: 19,
        fault: true,
        sql: downstream.subsegments[0]!.sql,
        exceptions: [
          {
            id: '2d4f5f6a7b8c9d0e',
            type: 'org.postgresql.util.PSQLException',
            message: 'Connection to aawijb5u25wdoy:5432 refused',
            remote: true,
            stack: [
              { path: 'ConnectionFactoryImpl.java', line: 262, label: 'openConnectionImpl' },
              { path: 'PgConnection.java', line: 194, label: null },
            ],
          },
        ],
        children: [],
      },
      {
        ...base,
        id: '4a2b9f2e1c3d5e6f',
        parentId: 'defdfd9912dc5a56',
        segmentId: 'defdfd9912dc5a56',
        kind: 'subsegment',
        name: '## UserModel.saveUser',
        service: 'www.example.com',
        startTime: 1461096053385,
        endTime: 1461096053399,
        durationMs: 14,
        metadata: { debug: { test: 'Metadata string from UserModel.saveUser' } },
        children: ['24756640c0d0978a'],
      },
      {
        ...base,
        id: '24756640c0d0978a',
        parentId: '4a2b9f2e1c3d5e6f',
        segmentId: 'defdfd9912dc5a56',
        kind: 'subsegment',
        name: 'DynamoDB',
        service: 'www.example.com',
        namespace: 'aws',
        startTime: 1461096053386,
        endTime: 1461096053398,
        durationMs: 12,
        http: { method: null, url: null, status: 200, userAgent: null, clientIp: null, contentLength: 60 },
        aws: frontEnd.subsegments[1]!.subsegments![0]!.aws,
        children: ['1c2d3e4f5a6b7c8d'],
      },
      {
        ...base,
        id: '1c2d3e4f5a6b7c8d',
        parentId: '24756640c0d0978a',
        segmentId: '1c2d3e4f5a6b7c8d',
        kind: 'segment',
        inferred: true,
        name: 'scorekeep-user',
        service: 'www.example.com',
        origin: 'AWS::DynamoDB::Table',
        startTime: 1461096053386,
        endTime: 1461096053398,
        durationMs: 12,
        http: { method: null, url: null, status: 200, userAgent: null, clientIp: null, contentLength: null },
        aws: { table_name: 'scorekeep-user', operation: 'UpdateItem' },
        children: [],
      },
      {
        ...base,
        id: '5a3b1c0d9e8f7a6b',
        parentId: 'defdfd9912dc5a56',
        segmentId: 'defdfd9912dc5a56',
        kind: 'subsegment',
        name: '## render',
        service: 'www.example.com',
        startTime: 1461096053400,
        endTime: 1461096053404,
        durationMs: 4,
        annotations: { country: 'Canada' },
        children: [],
      },
    ]);
  });

  it('names the service whose work each span records; null when the trace does not say', () => {
    // Alone, the inferred table segment and the separately sent subsegment have no parent in the trace.
    const orphans = parseTraceDocuments(TRACE, segments(inferredTable, independent));
    expect(orphans.spans.map((span) => [span.id, span.service])).toEqual([
      ['1c2d3e4f5a6b7c8d', null],
      ['5a3b1c0d9e8f7a6b', null],
    ]);
  });

  it('gives the same tree whatever order the documents come in', () => {
    const again = parseTraceDocuments(TRACE, segments(frontEnd, independent, downstream, inferredTable));
    expect(flat(again.spans)).toEqual(flat(parsed.spans));
    expect(again.rootSpans.map(shape)).toEqual(parsed.rootSpans.map(shape));
  });

  it('summarises the trace from its spans', () => {
    expect(traceOverview(parsed)).toEqual({
      startTime: 1461096053375.18,
      durationMs: 29.02,
      responseTimeMs: 29.02,
      hasError: false,
      hasFault: true,
      hasThrottle: false,
      http: flat(parsed.spans)[0]!.http,
      services: ['www.example.com', 'api.example.com', 'scorekeep-user'],
      annotations: { customer_category: 124, zip_code: 98101, country: ['United States', 'Canada'], internal: false },
      entrySpanId: 'defdfd9912dc5a56',
    });
  });

  it('keeps an in-progress segment (no end_time) and prefers the completed copy of a resent one', () => {
    const inProgress = { name: 'Scorekeep', id: '70de5b6f19ff9a0b', start_time: 1478293361.271, trace_id: TRACE, in_progress: true };
    const completed = { name: 'Scorekeep', id: '70de5b6f19ff9a0b', start_time: 1478293361.271, trace_id: TRACE, end_time: 1478293361.449 };
    const open = parseTraceDocuments(TRACE, segments(inProgress));
    expect(flat(open.spans)).toEqual([
      { ...base, id: '70de5b6f19ff9a0b', parentId: null, segmentId: '70de5b6f19ff9a0b', kind: 'segment', name: 'Scorekeep', service: 'Scorekeep', startTime: 1478293361271, endTime: null, durationMs: null, inProgress: true, children: [] },
    ]);
    const both = parseTraceDocuments(TRACE, segments(inProgress, completed));
    expect(flat(both.spans)).toEqual([
      { ...base, id: '70de5b6f19ff9a0b', parentId: null, segmentId: '70de5b6f19ff9a0b', kind: 'segment', name: 'Scorekeep', service: 'Scorekeep', startTime: 1478293361271, endTime: 1478293361449, durationMs: 178, children: [] },
    ]);
  });

  it('makes a span whose parent is missing a root that keeps its parentId, and survives junk and cycles', () => {
    const orphan = { ...downstream, subsegments: [] };
    const cycleA = { trace_id: TRACE, id: 'aaaaaaaaaaaaaaaa', parent_id: 'bbbbbbbbbbbbbbbb', name: 'a', start_time: 1, end_time: 2 };
    const cycleB = { trace_id: TRACE, id: 'bbbbbbbbbbbbbbbb', parent_id: 'aaaaaaaaaaaaaaaa', name: 'b', start_time: 1.5, end_time: 2 };
    const result = parseTraceDocuments(TRACE, [...segments(orphan, cycleA, cycleB), { Id: 'x', Document: '{not json' }, { Id: 'y', Document: '[1,2]' }]);
    expect(result.rootSpans.map(shape)).toEqual([
      ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', [['bbbbbbbbbbbbbbbb', 'aaaaaaaaaaaaaaaa', []]]],
      ['6b55dcc497934f1a', '53995c3f42cd8ad8', []],
    ]);
    expect(result.spans.map((span) => span.id)).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', '6b55dcc497934f1a']);
    expect(result.unreadableDocuments).toBe(2);
  });
});

describe('normalizeTraceId', () => {
  it('accepts X-Ray ids and converts W3C ids', () => {
    expect(normalizeTraceId('1-5759e988-bd862e3fe1be46a994272793')).toBe('1-5759e988-bd862e3fe1be46a994272793');
    expect(normalizeTraceId(' 1-5759E988-BD862E3FE1BE46A994272793 ')).toBe('1-5759e988-bd862e3fe1be46a994272793');
    expect(normalizeTraceId('5759e988bd862e3fe1be46a994272793')).toBe('1-5759e988-bd862e3fe1be46a994272793');
  });

  it('rejects anything else', () => {
    for (const bad of ['', '1-5759e988-bd862e3fe1be46a99427279', '2-5759e988-bd862e3fe1be46a994272793', '5759e988bd862e3fe1be46a99427279g', '1-5759e988-bd862e3fe1be46a994272793") OR fault', 'Root=1-5759e988-bd862e3fe1be46a994272793']) {
      expect(normalizeTraceId(bad)).toBeUndefined();
    }
  });
});
