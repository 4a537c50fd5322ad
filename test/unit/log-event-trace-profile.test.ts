// LogEvent.trace looks the trace up in the profile the log line came from, not the default one.
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { BatchGetTracesCommand, XRayClient } from '@aws-sdk/client-xray';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/test-gateway.ts';

const logs = mockClient(CloudWatchLogsClient);
const xray = mockClient(XRayClient);
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const TRACE_ID = `1-${Math.floor((NOW - 60_000) / 1000).toString(16)}-0123456789abcdef01234567`;

// "a" is the default profile (us-east-1); the service and its trace live in "b" (eu-west-1).
const TOML = `[profiles.a]
backend = "cloudwatch"
region = "us-east-1"
active = true
[profiles.a.services.api]
resource_type = "ecs"
log_groups = ["/ecs/api"]

[profiles.b]
backend = "cloudwatch"
region = "eu-west-1"
[profiles.b.services.api]
resource_type = "ecs"
log_groups = ["/ecs/api"]
`;

let gateway: TestGateway;
const batchRegions: string[] = [];

beforeEach(async () => {
  logs.reset();
  xray.reset();
  batchRegions.length = 0;
  gateway = await createTestGateway({ toml: TOML, now: () => NOW });
  logs.on(StartQueryCommand).resolves({ queryId: 'q1' });
  logs.on(GetQueryResultsCommand).resolves({
    status: 'Complete',
    results: [[
      { field: '@timestamp', value: new Date(NOW - 60_000).toISOString().replace('T', ' ').replace('Z', '') },
      { field: '@message', value: `ERROR charge failed trace_id=${TRACE_ID}` },
      { field: '@logStream', value: 'ecs/api/1' },
    ]],
    statistics: { recordsMatched: 1, recordsScanned: 10, bytesScanned: 100 },
  });
  xray.on(BatchGetTracesCommand).callsFake(async (input: { TraceIds: string[] }, getClient: () => XRayClient) => {
    const region = await getClient().config.region();
    batchRegions.push(region);
    if (region !== 'eu-west-1') return { Traces: [], UnprocessedTraceIds: input.TraceIds };
    const start = (NOW - 60_000) / 1000;
    const segment = { trace_id: TRACE_ID, id: '0123456789abcdef', name: 'api', start_time: start, end_time: start + 0.2, fault: true };
    return { Traces: [{ Id: TRACE_ID, Duration: 0.2, Segments: [{ Id: segment.id, Document: JSON.stringify(segment) }] }], UnprocessedTraceIds: [] };
  });
});
afterEach(async () => {
  await gateway.close();
});

it('resolves LogEvent.trace in the profile of the service whose logs were read', async () => {
  const result = await gateway.execute('{ service(name: "api", profile: "b") { logs(range: { last: "15m" }) { events { traceId logGroup trace { id hasFault spans { name } } } } } }');
  expect(result.errors).toBeUndefined();
  expect(result.data!['service'].logs.events).toEqual([{ traceId: TRACE_ID, logGroup: '/ecs/api', trace: { id: TRACE_ID, hasFault: true, spans: [{ name: 'api' }] } }]);
  expect(batchRegions).toEqual(['eu-west-1']);
});
