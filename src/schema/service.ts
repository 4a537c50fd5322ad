// Service: a named thing of a profile (ECS service, ALB, Lambda function, RDS instance or custom).
// Logs, metrics and traces add their fields to it in their own files.
import type { ServiceDefinition } from '../loaders/gateway-runtime.ts';
import { builder } from './builder.ts';
import { readableProfile, readableService, readableServices } from './caller-access.ts';
import { badUserInput, resolveOrError } from './graphql-errors.ts';
import { ProfileRef } from './profile.ts';

export const ResourceTypeEnum = builder.enumType('ResourceType', {
  description: 'What kind of AWS resource a service is; it decides the standard metrics.',
  values: {
    ECS: { value: 'ecs', description: 'An ECS service (AWS/ECS: ClusterName, ServiceName).' },
    ALB: { value: 'alb', description: 'An Application Load Balancer (AWS/ApplicationELB: LoadBalancer).' },
    LAMBDA: { value: 'lambda', description: 'A Lambda function (AWS/Lambda: FunctionName).' },
    RDS: { value: 'rds', description: 'An RDS instance (AWS/RDS: DBInstanceIdentifier).' },
    CUSTOM: { value: 'custom', description: 'Anything else: namespace and dimensions from the profile.' },
  } as const,
});

export const ServiceRef = builder.objectRef<ServiceDefinition>('Service');

ServiceRef.implement({
  description: 'A service of a profile, with its logs, metrics and traces.',
  fields: (t) => ({
    name: t.exposeString('name'),
    resourceType: t.field({ type: ResourceTypeEnum, resolve: (service) => service.config.resource_type }),
    repo: t.string({ nullable: true, description: 'Source repository, e.g. "acme/payments".', resolve: (service) => service.config.repo ?? null }),
    configured: t.boolean({
      description: 'False for a service asked for by name that the profile does not list (served as CUSTOM).',
      resolve: (service) => !service.adHoc,
    }),
    profile: t.field({ type: ProfileRef, resolve: (service) => service.profile }),
  }),
});

builder.queryFields((t) => ({
  services: t.field({
    type: [ServiceRef],
    description: 'Services of a profile (default: the default profile) that the caller may read; `names` picks some, in that order (FORBIDDEN for a name outside the caller\'s scope), unknown names as ad-hoc CUSTOM services (explore scope).',
    args: { profile: t.arg.string(), names: t.arg.stringList() },
    resolve: (_root, args, context) =>
      resolveOrError(async () => {
        const profile = readableProfile(context, args.profile);
        const max = context.runtime.config.limits.max_services;
        if (!args.names) return readableServices(context, profile).slice(0, max);
        const names = [...new Set(args.names)];
        if (names.length > max) throw badUserInput(`names: ${names.length} services asked for; at most ${max} (limits.max_services)`, 'names');
        return names.map((name) => readableService(context, profile, name));
      }),
  }),
  service: t.field({
    type: ServiceRef,
    nullable: true,
    description: 'One service by name; a name the profile does not list is served as an ad-hoc CUSTOM service.',
    args: { name: t.arg.string({ required: true }), profile: t.arg.string() },
    resolve: (_root, args, context) =>
      resolveOrError(async () => {
        if (!args.name.trim()) throw badUserInput('name: must not be empty', 'name');
        return readableService(context, readableProfile(context, args.profile), args.name);
      }),
  }),
}));
