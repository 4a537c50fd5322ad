// Deep X-Ray span trees are fetchable nested under the default limits, and every limit refusal
// carries extensions.code (src/server/use-query-depth-limit.ts).
import { BatchGetTracesCommand, XRayClient } from '@aws-sdk/client-xray';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/test-gateway.ts';

const xray = mockClient(XRayClient);
const TRACE_ID = '1-6b06c648-67a9711dabd6450a6084c59f';
const LEVELS = 11;
const START = 0x6b06c648;

/** One segment whose subsegments nest LEVELS-1 deep: LEVELS levels of spans in all. */
function deepSegment() {
  let node: Record<string, unknown> | undefined;
  for (let level = LEVELS - 1; level >= 1; level--) {
    node = {
      id: `00000000000000${level.toString(16).padStart(2, '0')}`,
      name: `level-${level + 1}`,
      start_time: START + level / 100,
      end_time: START + 1 - level / 100,
      ...(node ? { subsegments: [node] } : {}),
    };
  }
  return { trace_id: TRACE_ID, id: '0000000000000000', name: 'level-1', start_time: START, end_time: START + 1, subsegments: [node] };
}

/** rootSpans { name children { name children { ... } } } to `levels` levels of spans. */
const nested = (levels: number): string => (levels === 1 ? 'name' : `name children { ${nested(levels - 1)} }`);

let gateway: TestGateway;

beforeEach(async () => {
  xray.reset();
  xray.on(BatchGetTracesCommand).resolves({ Traces: [{ Id: TRACE_ID, Duration: 1, Segments: [{ Id: '0000000000000000', Document: JSON.stringify(deepSegment()) }] }], UnprocessedTraceIds: [] });
});
afterEach(async () => {
  await gateway.close();
});

const PROFILE = '[profiles.prod]\nbackend = "cloudwatch"\nregion = "us-east-1"\n[profiles.prod.services.api]\nresource_type = "ecs"\n';

describe('span trees and the depth limit', () => {
  it('fetches a real 11-level X-Ray trace through nested rootSpans { children } under the default limits', async () => {
    gateway = await createTestGateway({ toml: PROFILE });
    expect(gateway.runtime.config.limits.max_depth).toBe(12);
    const result = await gateway.execute(`{ trace(id: "${TRACE_ID}") { rootSpans { ${nested(LEVELS)} } } }`);
    expect(result.errors).toBeUndefined();
    let span = result.data!['trace'].rootSpans[0];
    const names: string[] = [];
    while (span) {
      names.push(span.name);
      span = span.children?.[0];
    }
    expect(names).toEqual(Array.from({ length: LEVELS }, (_, i) => `level-${i + 1}`));
  });

  it('refuses a tree deeper than limits.max_tree_depth with a code naming the limit', async () => {
    gateway = await createTestGateway({ toml: `[limits]\nmax_tree_depth = 5\n${PROFILE}` });
    const result = await gateway.execute(`{ trace(id: "${TRACE_ID}") { rootSpans { ${nested(7)} } } }`);
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions).toEqual({ code: 'LIMIT_EXCEEDED', limit: 'limits.max_tree_depth', max: 5, found: 6 });
    expect(xray.commandCalls(BatchGetTracesCommand)).toHaveLength(0);
  });

  it('refuses an operation deeper than limits.max_depth with LIMIT_EXCEEDED (fragments add no depth)', async () => {
    gateway = await createTestGateway({ toml: `[limits]\nmax_depth = 4\n${PROFILE}` });
    // depth 4: service > logs > events > trace ... > id is 5
    const deep = await gateway.execute('{ service(name: "api") { logs { events { trace { id } } } } }');
    expect(deep.errors![0]!.message).toBe('query depth 5 exceeds the limit of 4 (limits.max_depth); recursive fields such as Span.children do not count towards it');
    expect(deep.errors![0]!.extensions).toEqual({ code: 'LIMIT_EXCEEDED', limit: 'limits.max_depth', max: 4, found: 5 });
    const viaFragments = await gateway.execute('query { ...Q } fragment Q on Query { profiles { ... on Profile { services { profile { name } } } } }');
    expect(viaFragments.errors).toBeUndefined();
  });

  it('gives the alias limit a code too', async () => {
    gateway = await createTestGateway({ toml: `[limits]\nmax_aliases = 2\n${PROFILE}` });
    const result = await gateway.execute('{ a: profiles { name } b: profiles { name } c: profiles { name } }');
    expect(result.errors![0]!.message).toMatch(/aliases/i);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'limits.max_aliases', max: 2 });
  });
});
