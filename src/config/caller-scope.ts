// Who is asking and what they may read: a caller is a name (for the audit log) and the union of its
// grants, each a set of profiles, service name patterns, the explore right and how spans of other
// services show in the traces it reads. A token has one grant; a JWT one per matching scope-claim
// value (looked up by own keys only: a claim value "constructor" or "__proto__" names no scope);
// `token_sha256` entries and `auth = "none"` read everything.
import type { ForeignSpans, ScopeConfig } from './config-schema.ts';

export interface Grant {
  /** Undefined: every profile. */
  profiles?: ReadonlySet<string>;
  /** Undefined: every service. */
  services?: readonly RegExp[];
  explore: boolean;
  /** How the spans of services this grant does not read show in a trace it reads. */
  foreignSpans: ForeignSpans;
}

/** `*` matches any run of characters, `?` one; everything else literally. */
export function serviceGlob(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

export function grantOf(scope: Pick<ScopeConfig, 'profiles' | 'services' | 'explore' | 'foreign_spans'>): Grant {
  return {
    ...(scope.profiles ? { profiles: new Set(scope.profiles) } : {}),
    ...(scope.services ? { services: scope.services.map(serviceGlob) } : {}),
    explore: scope.explore,
    foreignSpans: scope.foreign_spans ?? 'redacted',
  };
}

/** The grants that scope-claim values name: each value looked up among the scopes' own keys only. */
export function grantsOfClaimValues(values: Iterable<string>, scopes: Readonly<Record<string, ScopeConfig>> | undefined): Grant[] {
  const grants: Grant[] = [];
  if (!scopes) return grants;
  for (const value of new Set(values)) {
    if (Object.hasOwn(scopes, value)) grants.push(grantOf(scopes[value] as ScopeConfig));
  }
  return grants;
}

export const FULL_GRANT: Grant = { explore: true, foreignSpans: 'full' };

/**
 * A service as a trace names it (an X-Ray segment's name, a span record's service): the configured
 * services of the profile with that trace name, none when no configured service has it (an
 * unconfigured service, or a span whose service is unknown).
 */
export interface TracedService {
  traceName: string | null;
  configured: readonly string[];
}

/** What a caller sees of one trace it may read. */
export interface TraceAccess {
  /** True when every span shows in full. */
  readonly everything: boolean;
  /** Whether the spans of `service` show in full (false: reduced to the call graph). */
  showsInFull(service: TracedService): boolean;
}

/** Every span in full (a caller no pattern narrows). */
export const EVERYTHING: TraceAccess = { everything: true, showsInFull: () => true };
/** No span in full: a trace the caller may not read, shown only where a raw query (explore) put it. */
export const NOTHING: TraceAccess = { everything: false, showsInFull: () => false };

export class Caller {
  readonly name: string;
  readonly grants: readonly Grant[];

  constructor(name: string, grants: readonly Grant[]) {
    this.name = name;
    this.grants = grants;
  }

  static unrestricted(name: string): Caller {
    return new Caller(name, [FULL_GRANT]);
  }

  #grantsFor(profile: string): Grant[] {
    return this.grants.filter((grant) => !grant.profiles || grant.profiles.has(profile));
  }

  mayReadProfile(profile: string): boolean {
    return this.#grantsFor(profile).length > 0;
  }

  mayReadService(profile: string, service: string): boolean {
    return this.#grantsFor(profile).some((grant) => !grant.services || grant.services.some((pattern) => pattern.test(service)));
  }

  /** True when no pattern narrows the caller's view of the profile (whole-profile fields such as log group lists). */
  mayReadEveryService(profile: string): boolean {
    return this.#grantsFor(profile).some((grant) => !grant.services);
  }

  /** Ad-hoc services and raw queries in `profile`; without a profile: anywhere (arbitrary documents). */
  mayExplore(profile?: string): boolean {
    return (profile === undefined ? this.grants : this.#grantsFor(profile)).some((grant) => grant.explore);
  }

  /**
   * What the caller sees of a trace of `profile` whose spans belong to `services`; undefined when
   * it may not read the trace (no grant reads one of its services, and none reads the whole profile). A configured service is read as
   * `mayReadService` says; a name no configured service has only by a grant no pattern narrows, or
   * by an explorer's pattern (ad-hoc services need explore).
   *
   * Several grants: the union of what each shows on its own. A span shows in full when a grant that
   * reads one of the trace's services reads the span's service too, or says `foreign_spans = "full"`.
   */
  traceAccess(profile: string, services: readonly TracedService[]): TraceAccess | undefined {
    const reads = (grant: Grant, service: TracedService): boolean => {
      if (!grant.services) return true;
      const patterns = grant.services;
      if (service.configured.length > 0) return service.configured.some((name) => patterns.some((pattern) => pattern.test(name)));
      return grant.explore && service.traceName !== null && patterns.some((pattern) => pattern.test(service.traceName as string));
    };
    // A grant no pattern narrows reads every trace of its profiles, one without spans too.
    const readers = this.#grantsFor(profile).filter((grant) => !grant.services || services.some((service) => reads(grant, service)));
    if (readers.length === 0) return undefined;
    if (readers.some((grant) => !grant.services || grant.foreignSpans === 'full')) return EVERYTHING;
    return { everything: false, showsInFull: (service) => readers.some((grant) => reads(grant, service)) };
  }
}
