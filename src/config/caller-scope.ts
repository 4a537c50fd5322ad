// Who is asking and what they may read: a caller is a name (for the audit log) and the union of its
// grants, each a set of profiles, service name patterns and the explore right. A token has one grant; a JWT one per matching scope-claim
// value (looked up by own keys only: a claim value "constructor" or "__proto__" names no scope);
// `token_sha256` entries and `auth = "none"` read everything.
import type { ScopeConfig } from './config-schema.ts';

export interface Grant {
  /** Undefined: every profile. */
  profiles?: ReadonlySet<string>;
  /** Undefined: every service. */
  services?: readonly RegExp[];
  explore: boolean;
}

/** `*` matches any run of characters, `?` one; everything else literally. */
export function serviceGlob(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

export function grantOf(scope: Pick<ScopeConfig, 'profiles' | 'services' | 'explore'>): Grant {
  return {
    ...(scope.profiles ? { profiles: new Set(scope.profiles) } : {}),
    ...(scope.services ? { services: scope.services.map(serviceGlob) } : {}),
    explore: scope.explore,
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

export const FULL_GRANT: Grant = { explore: true };

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
}
