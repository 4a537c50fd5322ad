// Wires a validated Config into a running gateway: the embedded emulator when a profile uses the
// local backend, the runtime, yoga and the HTTP listener.
import type { Logger } from 'pino';
import type { ServiceConfig } from '../config/config-schema.ts';
import type { Config } from '../config/load-config.ts';
import { DEMO_SERVICES } from '../emulator/demo-organisation.ts';
import { startLocalEmulator } from '../emulator/local-emulator.ts';
import { GatewayRuntime, type LocalEndpoint } from '../runtime/gateway-runtime.ts';
import { listen, type RunningServer } from './http-server.ts';
import { createGatewayYoga, type GatewayYoga } from './yoga.ts';

export interface RunningGateway extends RunningServer {
  runtime: GatewayRuntime;
  yoga: GatewayYoga;
}

export function demoServiceConfigs(): Record<string, ServiceConfig> {
  return Object.fromEntries(DEMO_SERVICES.map(({ name, ...service }) => [name, { ...service, log_groups: service.log_groups ? [...service.log_groups] : undefined }]));
}

/** The runtime, with the embedded emulator started first when any profile is `local`. */
export async function createRuntime(config: Config, logger?: Logger): Promise<GatewayRuntime> {
  let local: LocalEndpoint | undefined;
  let closeEmulator: (() => Promise<void>) | undefined;
  if (config.profiles.some((profile) => profile.backend === 'local')) {
    const emulator = await startLocalEmulator({ host: '127.0.0.1', port: 0, spans: true });
    local = { url: emulator.emulator.url, services: demoServiceConfigs() };
    closeEmulator = () => emulator.close();
    logger?.info({ emulator: emulator.emulator.url }, 'embedded AWS emulator started with the demo organisation');
  }
  const runtime = new GatewayRuntime(config, local);
  if (closeEmulator) runtime.onClose(closeEmulator);
  return runtime;
}

export async function startGateway(config: Config, logger: Logger): Promise<RunningGateway> {
  const runtime = await createRuntime(config, logger);
  const yoga = createGatewayYoga({ runtime, logger });
  const running = await listen(yoga, runtime, logger);
  logger.info(
    {
      url: `${running.url}/graphql`,
      config: config.file ?? null,
      defaultProfile: config.defaultProfile,
      profiles: config.profiles.map((profile) => `${profile.name} (${profile.backend}${profile.region ? `, ${profile.region}` : ''})`),
    },
    'tinkr gateway listening',
  );
  return { ...running, runtime, yoga };
}
