import { describe, expect, it } from 'vitest';
import { serviceConfigSchema } from '../../src/config/config-schema.ts';
import { describeResourceType, loadBalancerMatches, RESOURCE_TYPE_REGISTRY, RESOURCE_TYPES } from '../../src/config/resource-types.ts';
import { MetricConfigError, metricDefaults, metricTargetOf } from '../../src/aws/metric-definitions.ts';
import { metricServiceOf } from '../../src/loaders/metrics/metrics-loader.ts';

const service = (name: string, config: Record<string, unknown>) => metricServiceOf({ name, config: serviceConfigSchema.parse(config) });

describe('resource types', () => {
  it('name the namespace, standard metrics with default stat and unit, and dimensions', () => {
    expect(Object.fromEntries(Object.entries(RESOURCE_TYPE_REGISTRY).map(([type, r]) => [type, [r.namespace, r.dimensionNames.join('+'), r.standardMetrics.map((m) => `${m.name}:${m.stat}:${m.unit}`)]]))).toEqual({
      ecs: ['AWS/ECS', 'ClusterName+ServiceName', ['CPUUtilization:Average:Percent', 'MemoryUtilization:Average:Percent']],
      alb: ['AWS/ApplicationELB', 'LoadBalancer', ['RequestCount:Sum:Count', 'HTTPCode_ELB_5XX_Count:Sum:Count', 'HTTPCode_Target_5XX_Count:Sum:Count', 'TargetResponseTime:Average:Seconds']],
      lambda: ['AWS/Lambda', 'FunctionName', ['Errors:Sum:Count', 'Duration:Average:Milliseconds', 'Throttles:Sum:Count']],
      rds: ['AWS/RDS', 'DBInstanceIdentifier', ['DatabaseConnections:Average:Count', 'WriteLatency:Average:Seconds', 'ReadLatency:Average:Seconds']],
      apigateway: ['AWS/ApiGateway', 'ApiName', ['Count:Sum:Count', '5XXError:Sum:Count', '4XXError:Sum:Count', 'Latency:Average:Milliseconds']],
    });
  });

  it('use the service name as the dimension value', () => {
    expect(metricTargetOf(service('thumbnailer', { resource_type: 'lambda' }))).toEqual({
      namespace: 'AWS/Lambda',
      defaultMetrics: ['Errors', 'Duration', 'Throttles'],
      dimensions: [{ name: 'FunctionName', value: 'thumbnailer' }],
    });
    expect(metricTargetOf(service('orders-db', { resource_type: 'rds' })).dimensions).toEqual([{ name: 'DBInstanceIdentifier', value: 'orders-db' }]);
  });

  it('take cluster, load_balancer and dimensions from the profile, without discovery', () => {
    expect(metricTargetOf(service('payments-api', { resource_type: 'ecs', cluster: 'prod' }))).toEqual({
      namespace: 'AWS/ECS',
      defaultMetrics: ['CPUUtilization', 'MemoryUtilization'],
      dimensions: [{ name: 'ClusterName', value: 'prod' }, { name: 'ServiceName', value: 'payments-api' }],
    });
    expect(metricTargetOf(service('edge', { resource_type: 'alb', load_balancer: 'app/edge/123' })).dimensions).toEqual([{ name: 'LoadBalancer', value: 'app/edge/123' }]);
    expect(metricTargetOf(service('fn', { resource_type: 'lambda', dimensions: { FunctionName: 'fn-prod' }, metrics: ['Invocations'] }))).toEqual({
      namespace: 'AWS/Lambda',
      defaultMetrics: ['Invocations'],
      dimensions: [{ name: 'FunctionName', value: 'fn-prod' }],
    });
    const ecs = metricTargetOf(service('svc', { resource_type: 'ecs', dimensions: { ClusterName: 'c1', ServiceName: 'svc-blue' } }));
    expect(ecs.discovery).toBeUndefined();
    expect(ecs.dimensions).toEqual([{ name: 'ClusterName', value: 'c1' }, { name: 'ServiceName', value: 'svc-blue' }]);
  });

  it('describe a ListMetrics discovery for what the profile leaves out', () => {
    const ecs = metricTargetOf(service('payments-api', { resource_type: 'ecs' }));
    expect(ecs.dimensions).toEqual([{ name: 'ServiceName', value: 'payments-api' }]);
    expect(ecs.discovery).toMatchObject({ namespace: 'AWS/ECS', metricName: 'CPUUtilization', filterDimension: 'ServiceName', dimensionNames: ['ClusterName', 'ServiceName'] });
    const alb = metricTargetOf(service('public-alb', { resource_type: 'alb' }));
    expect(alb.dimensions).toEqual([]);
    expect(alb.discovery).toMatchObject({ namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', filterDimension: 'LoadBalancer', dimensionNames: ['LoadBalancer'] });
    expect(alb.discovery!.matches('LoadBalancer', 'app/public-alb/50dc6c495c0c9188')).toBe(true);
    expect(alb.discovery!.matches('LoadBalancer', 'app/public-alb-2/50dc6c495c0c9188')).toBe(false);
  });

  it('custom services need a namespace', () => {
    expect(metricTargetOf(service('jobs', { namespace: 'Acme/Jobs', metrics: ['Runs'], dimensions: { Queue: 'q' } }))).toEqual({
      namespace: 'Acme/Jobs',
      defaultMetrics: ['Runs'],
      dimensions: [{ name: 'Queue', value: 'q' }],
    });
    expect(() => metricTargetOf(service('jobs', {}))).toThrow(MetricConfigError);
  });
});

describe('defaults of a metric', () => {
  it('standard, well-known and unknown metrics', () => {
    expect(metricDefaults('AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count')).toEqual({ stat: 'Sum', unit: 'Count' });
    expect(metricDefaults('AWS/Lambda', 'Invocations')).toEqual({ stat: 'Sum', unit: 'Count' });
    expect(metricDefaults('Acme/Jobs', 'Runs')).toEqual({ stat: 'Average', unit: undefined });
  });
  it('load balancer values', () => {
    expect(loadBalancerMatches('edge', 'edge')).toBe(true);
    expect(loadBalancerMatches('edge', 'net/edge/1')).toBe(true);
    expect(loadBalancerMatches('edge', 'app/edge/1/extra')).toBe(false);
  });
});

describe('a resource type is one registry entry', () => {
  it('gives an API Gateway API its namespace, standard metrics, name dimension and defaults', () => {
    expect(metricTargetOf(service('partner-api', { resource_type: 'apigateway' }))).toEqual({
      namespace: 'AWS/ApiGateway',
      defaultMetrics: ['Count', '5XXError', '4XXError', 'Latency'],
      dimensions: [{ name: 'ApiName', value: 'partner-api' }],
    });
    expect(metricDefaults('AWS/ApiGateway', 'Latency')).toEqual({ stat: 'Average', unit: 'Milliseconds' });
    expect(metricDefaults('AWS/ApiGateway', '5XXError')).toEqual({ stat: 'Sum', unit: 'Count' });
  });

  it('derives the config keys of dimensions and the GraphQL enum from the registry', () => {
    const keys = serviceConfigSchema.parse({ resource_type: 'ecs', cluster: 'c', load_balancer: 'app/x/1' });
    expect([keys.cluster, keys.load_balancer]).toEqual(['c', 'app/x/1']);
    // A type's dimension key applies to that type only.
    expect(metricTargetOf(service('svc', { resource_type: 'lambda', cluster: 'c' })).dimensions).toEqual([{ name: 'FunctionName', value: 'svc' }]);
    expect(RESOURCE_TYPES).toEqual([...Object.keys(RESOURCE_TYPE_REGISTRY), 'custom']);
    expect(describeResourceType('apigateway')).toBe('An API Gateway REST API (AWS/ApiGateway: ApiName).');
  });
});
