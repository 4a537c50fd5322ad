// Service maps from the aws/spans stats rows and from X-Ray traces: exact nodes, edges, counts and
// percentiles; the part around one service.
import { describe, expect, it } from 'vitest';
import { parseTraceDocuments } from '../../src/aws/segment-documents.ts';
import { serviceMapAround, serviceMapFromSpanStats, serviceMapFromTraces } from '../../src/aws/service-map.ts';

const row = (cells: Record<string, string>) => Object.entries(cells).map(([field, value]) => ({ field, value }));

describe('serviceMapFromSpanStats', () => {
  it('turns stats rows into typed nodes and edges with latencies in ms', () => {
    const graph = serviceMapFromSpanStats(
      [
        row({ source: 'payments-api', target: 'AWS::DynamoDB', targetType: 'AWS::DynamoDB::Table', resource: 'payments-ledger', requests: '28', faults: '0', errors: '13', throttles: '13', p50: '292126976', p90: '2037829888', p99: '2733528832', avgNano: '772461888' }),
        row({ source: 'checkout-web', target: 'payments-api', targetType: '', resource: '', requests: '29', faults: '13', errors: '1', throttles: '0', p50: '1000000', p90: '2000000', p99: '3000000', avgNano: '1500000' }),
        row({ source: 'payments-api', target: 'api.stripe.com', targetType: '', resource: '', requests: '42', faults: '0', errors: '1', throttles: '0', p50: '1', p90: '1', p99: '1', avgNano: '1' }),
        row({ source: 'orders-service', target: 'AWS::SQS', targetType: '', resource: '', requests: '2', faults: '0', errors: '0', throttles: '0', p50: '1', p90: '1', p99: '1', avgNano: '1' }),
      ],
      new Set(['payments-api', 'checkout-web']),
    );
    expect(graph.nodes).toEqual([
      { name: 'AWS::SQS', type: 'AWS::SQS' },
      { name: 'api.stripe.com', type: 'remote' },
      { name: 'checkout-web', type: 'service' },
      { name: 'orders-service', type: 'service' },
      { name: 'payments-api', type: 'service' },
      { name: 'payments-ledger', type: 'AWS::DynamoDB::Table' },
    ]);
    expect(graph.edges.find((edge) => edge.target === 'payments-ledger')).toEqual({
      source: 'payments-api',
      target: 'payments-ledger',
      requests: 28,
      errors: 13,
      faults: 0,
      throttles: 13,
      latency: { p50Ms: 292.127, p90Ms: 2037.83, p99Ms: 2733.529, avgMs: 772.462 },
    });
    const around = serviceMapAround(graph, 'payments-api');
    expect(around.edges.map((edge) => `${edge.source}->${edge.target}`)).toEqual(['checkout-web->payments-api', 'payments-api->api.stripe.com', 'payments-api->payments-ledger']);
    expect(around.nodes.map((node) => node.name)).toEqual(['api.stripe.com', 'checkout-web', 'payments-api', 'payments-ledger']);
  });
});

describe('serviceMapFromTraces', () => {
  it('counts calls from each subsegment to the segment it led to, with nearest-rank percentiles', () => {
    const trace = (id: string, ledgerMs: number, throttled: boolean) =>
      parseTraceDocuments(`1-67a1b2c3-${id}`, [
        {
          Document: JSON.stringify({
            id: `a${id.slice(0, 15)}`,
            name: 'payments-api',
            start_time: 100,
            end_time: 101,
            origin: 'AWS::ECS::Container',
            subsegments: [
              { id: `b${id.slice(0, 15)}`, name: 'DynamoDB', namespace: 'aws', start_time: 100, end_time: 100 + ledgerMs / 1000, ...(throttled ? { error: true, throttle: true } : {}) },
              { id: `c${id.slice(0, 15)}`, name: 'api.stripe.com', namespace: 'remote', start_time: 100, end_time: 100.2, http: { response: { status: 200 } } },
            ],
          }),
        },
        {
          Document: JSON.stringify({
            id: `d${id.slice(0, 15)}`,
            name: 'payments-ledger',
            parent_id: `b${id.slice(0, 15)}`,
            inferred: true,
            origin: 'AWS::DynamoDB::Table',
            start_time: 100,
            end_time: 100 + ledgerMs / 1000,
            ...(throttled ? { error: true, throttle: true } : {}),
          }),
        },
      ]);
    const graph = serviceMapFromTraces([trace('000000000000000000000001', 10, false), trace('000000000000000000000002', 1500, true), trace('000000000000000000000003', 20, false)], new Set(['payments-api']));
    expect(graph.nodes).toEqual([
      { name: 'api.stripe.com', type: 'remote' },
      { name: 'payments-api', type: 'service' },
      { name: 'payments-ledger', type: 'AWS::DynamoDB::Table' },
    ]);
    expect(graph.edges.find((edge) => edge.target === 'payments-ledger')).toEqual({
      source: 'payments-api',
      target: 'payments-ledger',
      requests: 3,
      errors: 1,
      faults: 0,
      throttles: 1,
      latency: { p50Ms: 20, p90Ms: 1500, p99Ms: 1500, avgMs: 510 },
    });
  });
});

describe('node types', () => {
  it('gives a traced Lambda function the same type on both sources\' maps: "service", as every service of the profile', () => {
    // X-Ray: orders-service's Lambda subsegment leads to email-sender's own segment (no resource type).
    const xray = parseTraceDocuments('1-67a1b2c3-000000000000000000000009', [
      {
        Document: JSON.stringify({
          id: 'a000000000000001',
          name: 'orders-service',
          start_time: 100,
          end_time: 101,
          origin: 'AWS::ECS::Container',
          subsegments: [{ id: 'b000000000000001', name: 'Lambda', namespace: 'aws', start_time: 100, end_time: 100.5 }],
        }),
      },
      {
        Document: JSON.stringify({
          id: 'c000000000000001',
          name: 'email-sender',
          parent_id: 'b000000000000001',
          origin: 'AWS::Lambda::Function',
          start_time: 100.1,
          end_time: 100.4,
          subsegments: [{ id: 'd000000000000001', name: 'SESv2', namespace: 'aws', start_time: 100.2, end_time: 100.3 }],
        }),
      },
    ]);
    const fromTraces = serviceMapFromTraces([xray], new Set(['orders-service', 'email-sender']));
    // Spans: the caller's client span names email-sender as an AWS::Lambda::Function resource.
    const fromSpans = serviceMapFromSpanStats(
      [
        row({ source: 'orders-service', target: 'email-sender', targetType: 'AWS::Lambda::Function', resource: 'email-sender', requests: '1', faults: '0', errors: '0', throttles: '0', p50: '1', p90: '1', p99: '1', avgNano: '1' }),
        row({ source: 'email-sender', target: 'AWS::SESv2', targetType: '', resource: '', requests: '1', faults: '0', errors: '0', throttles: '0', p50: '1', p90: '1', p99: '1', avgNano: '1' }),
        // A function nobody traces and the profile does not name stays a resource.
        row({ source: 'orders-service', target: 'resize', targetType: 'AWS::Lambda::Function', resource: 'resize', requests: '1', faults: '0', errors: '0', throttles: '0', p50: '1', p90: '1', p99: '1', avgNano: '1' }),
      ],
      new Set(['orders-service', 'email-sender']),
    );
    expect(fromTraces.nodes).toEqual([
      { name: 'SESv2', type: 'AWS::SESv2' },
      { name: 'email-sender', type: 'service' },
      { name: 'orders-service', type: 'service' },
    ]);
    expect(fromSpans.nodes).toEqual([
      { name: 'AWS::SESv2', type: 'AWS::SESv2' },
      { name: 'email-sender', type: 'service' },
      { name: 'orders-service', type: 'service' },
      { name: 'resize', type: 'AWS::Lambda::Function' },
    ]);
  });
});
