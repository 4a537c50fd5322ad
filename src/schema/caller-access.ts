// What the caller may read, checked before anything is looked up: a name outside the caller's
// scope is FORBIDDEN whether or not it exists, so an error never hints at what is there, and lists
// show only what the caller may see.
import type { GraphQLError } from 'graphql';
import type { ProfileRuntime, ServiceDefinition } from '../runtime/gateway-runtime.ts';
import { serviceLogGroupsNamed, type LogQueryResultModel } from '../loaders/logs/logs-loader.ts';
import type { RequestContext } from '../runtime/request-context.ts';
import { closestNames, didYouMean } from '../config/closest-names.ts';
import type { ServiceConfig } from '../config/config-schema.ts';
import { badUserInput, gatewayError } from './graphql-errors.ts';

export function forbidden(message: string): GraphQLError {
  return gatewayError('FORBIDDEN', message);
}

/** The named (or default) profile when the caller may read it; FORBIDDEN before NOT_FOUND. */
export function readableProfile(context: RequestContext, name?: string | null): ProfileRuntime {
  const wanted = name ?? context.runtime.config.defaultProfile;
  if (!context.caller.mayReadProfile(wanted)) {
    throw forbidden(
      name == null
        ? `the default profile is outside the scope of caller "${context.caller.name}"; name one of your profiles`
        : `profile "${name}" is outside the scope of caller "${context.caller.name}"`,
    );
  }
  return context.runtime.profile(wanted);
}

/** Profiles the caller may read, in configured order. */
export function readableProfiles(context: RequestContext): ProfileRuntime[] {
  return [...context.runtime.profiles.values()].filter((profile) => context.caller.mayReadProfile(profile.name));
}

/** Configured services of a profile that the caller may read, sorted by name. */
export function readableServices(context: RequestContext, profile: ProfileRuntime): ServiceDefinition[] {
  return [...profile.services.values()]
    .filter((service) => context.caller.mayReadService(profile.name, service.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A service by name when the caller may read it. A name the profile does not list is NOT_FOUND,
 * naming the closest names the caller may read, unless the caller describes it with `adhoc`
 * (which needs the explore scope).
 */
export function readableService(context: RequestContext, profile: ProfileRuntime, name: string, adhoc?: ServiceConfig): ServiceDefinition {
  const { caller } = context;
  if (!caller.mayReadService(profile.name, name)) throw forbidden(`service "${name}" is outside the scope of caller "${caller.name}"`);
  const configured = profile.service(name);
  if (configured) {
    if (adhoc) throw badUserInput(`adhoc: service "${name}" is configured in profile "${profile.name}"; drop adhoc to read it as configured, or give the ad-hoc service another name`, 'adhoc');
    return configured;
  }
  if (!adhoc) {
    const known = readableServices(context, profile).map((service) => service.name);
    const closest = closestNames(name, known);
    throw gatewayError(
      'NOT_FOUND',
      `no service ${JSON.stringify(name)} in profile "${profile.name}";${didYouMean(name, known) || ' no configured name is close.'} A service the profile does not list is read only when asked for explicitly: service(name: ${JSON.stringify(name)}, adhoc: { logGroups: [...], namespace: "..." })`,
      { service: name, profile: profile.name, closest },
    );
  }
  if (!caller.mayExplore(profile.name)) {
    throw forbidden(`service "${name}" is not configured in profile "${profile.name}"; ad-hoc services need the explore scope, which caller "${caller.name}" lacks`);
  }
  return profile.adHocService(name, adhoc);
}

/** True for callers no pattern narrows in `profile`, and explorers (raw queries read any group). */
export function mayReadWholeProfile(context: RequestContext, profile: ProfileRuntime): boolean {
  return context.caller.mayReadEveryService(profile.name) || context.caller.mayExplore(profile.name);
}

/** Fields that read a whole profile (every log group, every metric): for callers no pattern narrows, or explorers. */
export function requireWholeProfile(context: RequestContext, profile: ProfileRuntime, what: string): void {
  if (!mayReadWholeProfile(context, profile)) {
    throw forbidden(`${what} reads the whole profile; caller "${context.caller.name}" may read only some of its services`);
  }
}

/**
 * A logs answer of `services` as the caller sees it. A caller narrowed to some services sees only
 * their log groups (a search over the profile's prefix named "<prefix>*": the prefix holds other
 * teams' groups), and the query its ask runs on its own (a merged query also names other
 * services' streams and groups, and other traces' ids).
 */
export function visibleLogResult(context: RequestContext, profile: ProfileRuntime, services: readonly ServiceDefinition[], result: LogQueryResultModel): LogQueryResultModel {
  if (mayReadWholeProfile(context, profile)) return result;
  const logGroups = [...new Set(services.flatMap(serviceLogGroupsNamed))].sort();
  return { ...result, logGroups, queryString: result.ownQueryString ?? result.queryString };
}
