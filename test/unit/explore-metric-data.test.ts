// metricData with metric math through GraphQL with a mocked CloudWatchClient: the exact
// GetMetricData input (expressions as written, the explorer's ids) and the results mapped back.
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/test-gateway.ts';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 37);
const cw = mockClient(CloudWatchClient);
let gateway: TestGateway;

beforeAll(async () => {
  gateway = await createTestGateway({ toml: '[profiles.prod]\nbackend = "cloudwatch"\nregion = "us-east-1"\n', now: () => NOW });
});
afterAll(() => gateway.close());
beforeEach(() => cw.reset());

it('sends explicit metrics and metric math as written, and returns only the returnData series', async () => {
  const start = new Date(Date.UTC(2026, 10, 25, 11, 0));
  cw.on(GetMetricDataCommand).resolves({
    MetricDataResults: [
      { Id: 'throttle_rate', Label: 'throttle_rate', Timestamps: [start, new Date(start.getTime() + 300_000)], Values: [12.5, 3], StatusCode: 'Complete' },
      { Id: 'total', Label: 'total', Timestamps: [start], Values: [40], StatusCode: 'PartialData', Messages: [{ Code: 'MaxDatapointsExceeded', Value: 'too many' }] },
    ],
  });
  const answer = await gateway.execute(`{
    metricData(period: 300, range: { from: "2026-11-25T11:00:00Z", to: "2026-11-25T12:00:00Z" }, queries: [
      { id: "throttled", returnData: false, metric: { namespace: "AWS/DynamoDB", metricName: "ThrottledRequests", stat: "Sum",
        dimensions: [{ name: "TableName", value: "ledger" }, { name: "Operation", value: "PutItem" }] } },
      { id: "requests", returnData: false, metric: { namespace: "AWS/DynamoDB", metricName: "ConsumedWriteCapacityUnits", stat: "SampleCount",
        dimensions: [{ name: "TableName", value: "ledger" }] } },
      { id: "throttle_rate", expression: "100 * throttled / requests" },
      { id: "total", expression: "SUM([throttled, requests])", label: "all" }
    ]) { id label expression period status points { timestamp value } messages { code value } }
  }`);
  expect(answer.errors).toBeUndefined();
  const calls = cw.commandCalls(GetMetricDataCommand);
  expect(calls).toHaveLength(1);
  expect(calls[0]!.args[0].input).toEqual({
    StartTime: new Date(Date.UTC(2026, 10, 25, 11, 0)),
    EndTime: new Date(Date.UTC(2026, 10, 25, 12, 0)),
    ScanBy: 'TimestampAscending',
    MetricDataQueries: [
      {
        Id: 'throttled',
        ReturnData: false,
        MetricStat: {
          Metric: { Namespace: 'AWS/DynamoDB', MetricName: 'ThrottledRequests', Dimensions: [{ Name: 'Operation', Value: 'PutItem' }, { Name: 'TableName', Value: 'ledger' }] },
          Period: 300,
          Stat: 'Sum',
        },
      },
      {
        Id: 'requests',
        ReturnData: false,
        MetricStat: { Metric: { Namespace: 'AWS/DynamoDB', MetricName: 'ConsumedWriteCapacityUnits', Dimensions: [{ Name: 'TableName', Value: 'ledger' }] }, Period: 300, Stat: 'SampleCount' },
      },
      { Id: 'throttle_rate', ReturnData: true, Expression: '100 * throttled / requests', Period: 300 },
      { Id: 'total', Label: 'all', ReturnData: true, Expression: 'SUM([throttled, requests])', Period: 300 },
    ],
  });
  expect(answer.data?.metricData).toEqual([
    {
      id: 'throttle_rate',
      label: 'throttle_rate',
      expression: '100 * throttled / requests',
      period: 300,
      status: 'COMPLETE',
      points: [
        { timestamp: '2026-11-25T11:00:00.000Z', value: 12.5 },
        { timestamp: '2026-11-25T11:05:00.000Z', value: 3 },
      ],
      messages: [],
    },
    { id: 'total', label: 'total', expression: 'SUM([throttled, requests])', period: 300, status: 'PARTIAL_DATA', points: [{ timestamp: '2026-11-25T11:00:00.000Z', value: 40 }], messages: [{ code: 'MaxDatapointsExceeded', value: 'too many' }] },
  ]);
  expect(answer.extensions?.cost).toMatchObject({ calls: { 'cloudwatch:GetMetricData': { calls: 1, attempts: 1 } }, metricsRequested: 2 });
});

it('refuses a call without any returned series and more than 500 queries, before calling', async () => {
  const none = await gateway.execute('{ metricData(queries: [{ id: "a", returnData: false, expression: "1" }]) { id } }');
  expect(none.errors?.[0]?.message).toBe('queries: at least one query must have returnData true');
  const queries = Array.from({ length: 501 }, (_, i) => `{ id: "q${i}", expression: "1" }`).join(' ');
  const many = await gateway.execute(`{ metricData(queries: [${queries}]) { id } }`);
  expect(many.errors?.[0]?.message).toBe('queries: 501 queries; GetMetricData takes at most 500');
  expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0);
});
