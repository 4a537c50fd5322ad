// Process-wide state of the gateway: the validated config and one ProfileRuntime per profile (its
// services and lazily created AWS clients). What loaders keep per process or per profile (caches,
// limiters) lives in typed slots (slot.ts) owned by these objects.
import { createAwsClients, type AwsClients } from '../aws/aws-clients.ts';
import { awsConfigSchema, type AwsConfig, type ServiceConfig } from '../config/config-schema.ts';
import type { Config, NamedProfileConfig } from '../config/load-config.ts';

export interface ServiceDefinition {
  name: string;
  config: ServiceConfig;
  /** Not in the profile: described by the caller's `adhoc` argument. */
  adHoc: boolean;
  profile: ProfileRuntime;
}

/** Where a `local` profile's clients go: the embedded emulator started by the server. */
export interface LocalEndpoint {
  url: string;
  /** Services of the demo organisation, used by local profiles that list none. */
  services: Record<string, ServiceConfig>;
}

export class ProfileRuntime {
  readonly name: string;
  readonly config: NamedProfileConfig;
  readonly region: string;
  readonly services: ReadonlyMap<string, ServiceDefinition>;
  readonly #createClients: () => AwsClients;
  #clients: AwsClients | undefined;

  constructor(config: NamedProfileConfig, local: LocalEndpoint | undefined, aws: AwsConfig = awsConfigSchema.parse({})) {
    this.name = config.name;
    this.config = config;
    this.region = config.region ?? 'us-east-1';
    const isLocal = config.backend === 'local';
    if (isLocal && !local) throw new Error(`profile "${config.name}" uses the local backend but no emulator is running`);
    const serviceConfigs = isLocal && Object.keys(config.services).length === 0 ? local!.services : config.services;
    this.services = new Map(
      Object.entries(serviceConfigs).map(([name, service]) => [name, { name, config: service, adHoc: false, profile: this }]),
    );
    const bounds = { callTimeoutMs: aws.call_timeout, maxAttempts: aws.max_attempts };
    this.#createClients = () =>
      createAwsClients(
        isLocal
          ? { region: this.region, endpoint: local!.url, credentials: { accessKeyId: 'tinkr-local', secretAccessKey: 'tinkr-local' }, ...bounds }
          : { region: this.region, ...(config.role_arn ? { roleArn: config.role_arn } : {}), ...bounds },
      );
  }

  get clients(): AwsClients {
    this.#clients ??= this.#createClients();
    return this.#clients;
  }

  /** A configured service, or undefined. */
  service(name: string): ServiceDefinition | undefined {
    return this.services.get(name);
  }

  /** A service the profile does not list, served from what the caller described (`adhoc`). */
  adHocService(name: string, config: ServiceConfig): ServiceDefinition {
    return { name, config, adHoc: true, profile: this };
  }

  close(): void {
    this.#clients?.destroy();
    this.#clients = undefined;
  }
}

export class UnknownProfileError extends Error {
  readonly profile: string;
  readonly known: string[];
  constructor(profile: string, known: string[]) {
    super(`no profile "${profile}"; profiles: ${known.join(', ')}`);
    this.name = 'UnknownProfileError';
    this.profile = profile;
    this.known = known;
  }
}

/** What aborts work when the gateway shuts down. */
export class ShutdownError extends Error {
  constructor() {
    super('the gateway is shutting down');
    this.name = 'ShutdownError';
  }
}

export class GatewayRuntime {
  readonly config: Config;
  readonly profiles: ReadonlyMap<string, ProfileRuntime>;
  readonly #onClose: Array<() => Promise<void> | void> = [];
  readonly #stopping = new AbortController();
  readonly #abandoning = new AbortController();
  readonly #pendingStops = new Set<Promise<void>>();

  constructor(config: Config, local?: LocalEndpoint) {
    this.config = config;
    this.profiles = new Map(config.profiles.map((profile) => [profile.name, new ProfileRuntime(profile, local, config.aws)]));
  }

  /** The named profile, or the default one. */
  profile(name?: string | null): ProfileRuntime {
    const wanted = name ?? this.config.defaultProfile;
    const profile = this.profiles.get(wanted);
    if (!profile) throw new UnknownProfileError(wanted, [...this.profiles.keys()]);
    return profile;
  }

  onClose(hook: () => Promise<void> | void): void {
    this.#onClose.push(hook);
  }

  /** Aborted when shutdown begins: live streams (tails) end with a final error. */
  get stoppingSignal(): AbortSignal {
    return this.#stopping.signal;
  }

  /** Aborted when shutdown stops waiting: AWS work still running is abandoned (and its Logs Insights queries stopped). */
  get abandonSignal(): AbortSignal {
    return this.#abandoning.signal;
  }

  beginShutdown(): void {
    if (!this.#stopping.signal.aborted) this.#stopping.abort(new ShutdownError());
  }

  abandonWork(): void {
    this.beginShutdown();
    if (!this.#abandoning.signal.aborted) this.#abandoning.abort(new ShutdownError());
  }

  /** A StopQuery (or other clean-up call) that shutdown must wait for before closing the clients. */
  trackCleanup(cleanup: Promise<void>): void {
    this.#pendingStops.add(cleanup);
    void cleanup.finally(() => this.#pendingStops.delete(cleanup));
  }

  async close(): Promise<void> {
    this.abandonWork();
    // The StopQuery calls of abandoned queries (each bounded by its own timeout) go out first.
    while (this.#pendingStops.size > 0) await Promise.allSettled([...this.#pendingStops]);
    for (const profile of this.profiles.values()) profile.close();
    for (const hook of this.#onClose.splice(0).reverse()) await hook();
  }
}
