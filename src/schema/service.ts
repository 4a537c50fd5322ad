// Service: a named thing of a profile (a resource of a type in config/resource-types.ts, or custom).
// Logs, metrics and traces add their fields to it in their own files.
import { serviceConfigSchema, type ServiceConfig } from '../config/config-schema.ts';
import { describeResourceType, RESOURCE_DIMENSION_KEYS, RESOURCE_TYPE_REGISTRY, RESOURCE_TYPES, type ResourceTypeName } from '../config/resource-types.ts';
import type { ServiceDefinition } from '../runtime/gateway-runtime.ts';
import { builder } from './builder.ts';
import { readableProfile, readableService, readableServices } from './caller-access.ts';
import { badUserInput, gatewayError, resolveOrError } from './graphql-errors.ts';
import { ProfileRef } from './profile.ts';

export const ResourceTypeEnum = builder.enumType('ResourceType', {
  description: 'What kind of AWS resource a service is; it decides the standard metrics.',
  values: Object.fromEntries(RESOURCE_TYPES.map((type) => [type.toUpperCase(), { value: type, description: describeResourceType(type) }])) as Record<
    Uppercase<ResourceTypeName>,
    { value: ResourceTypeName; description: string }
  >,
});

export const ServiceRef = builder.objectRef<ServiceDefinition>('Service');

ServiceRef.implement({
  description: 'A service of a profile, with its logs, metrics and traces.',
  fields: (t) => ({
    name: t.exposeString('name', { description: "The service's name in the profile (and, by default, its dimension value and X-Ray service name)." }),
    resourceType: t.field({ description: "What kind of AWS resource it is; decides its standard metrics.", type: ResourceTypeEnum, resolve: (service) => service.config.resource_type }),
    repo: t.string({ nullable: true, description: 'Source repository, e.g. "acme/payments".', resolve: (service) => service.config.repo ?? null }),
    configured: t.boolean({
      description: 'False for an ad-hoc service: one the profile does not list, read as the `adhoc` argument described it.',
      resolve: (service) => !service.adHoc,
    }),
    profile: t.field({ description: "The profile the service belongs to.", type: ProfileRef, resolve: (service) => service.profile }),
  }),
});

builder.objectField(ProfileRef, 'services', (t) =>
  t.field({
    type: [ServiceRef],
    description: 'The services the profile names that the caller may read, sorted by name.',
    resolve: (profile, _args, context) => readableServices(context, profile),
  }),
);

export const DimensionInput = builder.inputType('DimensionInput', {
  description: 'A CloudWatch metric dimension.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Dimension name, e.g. "FunctionName".' }),
    value: t.string({ required: true, description: 'Dimension value.' }),
  }),
});

/** What a caller tells about a service the profile does not list (`service(name:, adhoc:)`). */
export const AdHocServiceInput = builder.inputType('AdHocService', {
  description:
    'A service the profile does not list, described by the caller: read only when asked for with `adhoc` (needs the explore scope), and answered with `configured: false`.',
  fields: (t) => ({
    resourceType: t.field({ type: ResourceTypeEnum, defaultValue: 'custom', description: 'What it is; decides its standard metrics and their dimensions. Default CUSTOM.' }),
    logGroups: t.stringList({ description: 'Its log groups. Without them the profile\'s log group prefix is searched for log streams named after the service.' }),
    namespace: t.string({ description: 'CloudWatch namespace of its metrics (CUSTOM services).' }),
    metrics: t.stringList({ description: 'Its standard metrics (CUSTOM services): what `metrics` without `names` returns.' }),
    dimensions: t.field({ type: [DimensionInput], description: 'Metric dimensions that override or add to the resource type\'s defaults.' }),
    // One argument per resource type's dimension key (cluster, loadBalancer), as the TOML has them.
    ...Object.fromEntries(
      RESOURCE_DIMENSION_KEYS.map(({ key, dimension, type }) => [
        adHocFieldName(key),
        t.string({ description: `${RESOURCE_TYPE_REGISTRY[type].namespace} ${dimension} (${type.toUpperCase()}); discovered with ListMetrics when absent.` }),
      ]),
    ),
    traceService: t.string({ description: 'Its X-Ray service name when it differs from the name.' }),
  }),
});

type AdHocArgument = typeof AdHocServiceInput.$inferInput;

/** The GraphQL name of a TOML dimension key: load_balancer -> loadBalancer. */
function adHocFieldName(key: string): string {
  return key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/** The `adhoc` argument as a service config, validated as the TOML's would be. */
function adHocConfig(adhoc: AdHocArgument): ServiceConfig {
  const parsed = serviceConfigSchema.safeParse({
    resource_type: adhoc.resourceType ?? 'custom',
    log_groups: adhoc.logGroups ?? undefined,
    namespace: adhoc.namespace ?? undefined,
    metrics: adhoc.metrics ?? undefined,
    dimensions: adhoc.dimensions ? Object.fromEntries(adhoc.dimensions.map((d) => [d.name, d.value])) : undefined,
    ...Object.fromEntries(RESOURCE_DIMENSION_KEYS.map(({ key }) => [key, (adhoc as Record<string, string | null | undefined>)[adHocFieldName(key)] ?? undefined])),
    trace_service: adhoc.traceService ?? undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `adhoc.${issue.path.join('.')}: ${issue.message}`);
    throw badUserInput(problems.join('; '), 'adhoc');
  }
  return parsed.data;
}

export const ServicePageRef = builder.objectRef<{ services: ServiceDefinition[]; totalCount: number; endCursor: string | null; hasNextPage: boolean }>('ServicePage');
ServicePageRef.implement({
  description: 'One page of a profile\'s services, sorted by name.',
  fields: (t) => ({
    services: t.field({ type: [ServiceRef], description: 'The services of this page, at most `first`.', resolve: (page) => page.services }),
    totalCount: t.exposeInt('totalCount', { description: 'Services of the profile the caller may read, on every page together.' }),
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'True when services follow this page: ask again with `after: endCursor`.' }),
    endCursor: t.string({ nullable: true, description: 'Cursor of the last service of this page, for `after`; null on an empty page.', resolve: (page) => page.endCursor }),
  }),
});

const cursorOf = (name: string): string => Buffer.from(`service:${name}`).toString('base64url');
function nameOfCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString();
  if (!decoded.startsWith('service:')) throw badUserInput(`after: "${cursor}" is not a cursor of this list (use an endCursor from servicesPage)`, 'after');
  return decoded.slice('service:'.length);
}

builder.queryFields((t) => ({
  services: t.field({
    type: [ServiceRef],
    description:
      'Services of a profile (default: the default profile) that the caller may read, sorted by name; `names` picks some, in that order (FORBIDDEN for a name outside the caller\'s scope, NOT_FOUND with the closest names for one the profile does not list). Never cut: more than `limits.max_services` is BAD_USER_INPUT (page with `servicesPage`).',
    args: {
      profile: t.arg.string({ description: 'Profile name; default: the default profile.' }),
      names: t.arg.stringList({ description: 'The services to return, in this order; at most `limits.max_services`.' }),
    },
    resolve: (_root, args, context) =>
      resolveOrError(async () => {
        const profile = readableProfile(context, args.profile);
        const max = context.runtime.config.limits.max_services;
        if (!args.names) {
          const all = readableServices(context, profile);
          if (all.length > max) {
            throw gatewayError('BAD_USER_INPUT', `profile "${profile.name}" has ${all.length} services; one list holds at most ${max} (limits.max_services): page through them with servicesPage(first, after), or pick some with names`, {
              limit: 'limits.max_services',
              max,
              total: all.length,
            });
          }
          return all;
        }
        const names = [...new Set(args.names)];
        if (names.length > max) throw badUserInput(`names: ${names.length} services asked for; at most ${max} (limits.max_services)`, 'names');
        return names.map((name) => readableService(context, profile, name));
      }),
  }),
  servicesPage: t.field({
    type: ServicePageRef,
    description: 'The services of a profile that the caller may read, sorted by name, one page at a time, with the total.',
    args: {
      profile: t.arg.string({ description: 'Profile name; default: the default profile.' }),
      first: t.arg.int({ description: 'Services per page: 1 to `limits.max_services`; default the smaller of 50 and that limit.' }),
      after: t.arg.string({ description: 'The `endCursor` of the previous page; absent: the first page.' }),
    },
    resolve: (_root, args, context) =>
      resolveOrError(async () => {
        const profile = readableProfile(context, args.profile);
        const max = context.runtime.config.limits.max_services;
        const first = args.first ?? Math.min(50, max);
        if (first < 1 || first > max) throw badUserInput(`first: ${first} is out of range; 1 to ${max} (limits.max_services)`, 'first');
        const all = readableServices(context, profile);
        const after = args.after == null ? undefined : nameOfCursor(args.after);
        const rest = after === undefined ? all : all.filter((service) => service.name.localeCompare(after) > 0);
        const services = rest.slice(0, first);
        return { services, totalCount: all.length, hasNextPage: rest.length > first, endCursor: services.length ? cursorOf(services.at(-1)!.name) : null };
      }),
  }),
  service: t.field({
    type: ServiceRef,
    nullable: true,
    description:
      'One service by name. A name the profile does not list is NOT_FOUND naming the closest configured names, unless `adhoc` describes it (explore scope; answered with `configured: false`).',
    args: {
      name: t.arg.string({ required: true, description: 'The service\'s name in the profile.' }),
      profile: t.arg.string({ description: 'Profile name; default: the default profile.' }),
      adhoc: t.arg({ type: AdHocServiceInput, description: 'Read a service the profile does not list, described here. An error for a configured name.' }),
    },
    resolve: (_root, args, context) =>
      resolveOrError(async () => {
        if (!args.name.trim()) throw badUserInput('name: must not be empty', 'name');
        return readableService(context, readableProfile(context, args.profile), args.name, args.adhoc ? adHocConfig(args.adhoc) : undefined);
      }),
  }),
}));
