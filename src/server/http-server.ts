// The HTTP listener around yoga, with graceful shutdown: stop accepting, let requests finish for a
// bounded time, then close what the runtime holds (AWS clients, the embedded emulator).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { GatewayRuntime } from '../loaders/gateway-runtime.ts';
import { hostCheckOf, refuseHost } from './host-check.ts';
import type { GatewayYoga } from './yoga.ts';

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function listen(yoga: GatewayYoga, runtime: GatewayRuntime, logger: Logger): Promise<RunningServer> {
  const hostAllowed = hostCheckOf(runtime.config.server);
  const server = createServer(
    hostAllowed
      ? (request, response) => {
          // /health stays open to load balancers and probes, which may name the gateway by IP.
          if (request.url !== '/health' && !hostAllowed(request.headers.host)) return refuseHost(request, response);
          return yoga(request, response);
        }
      : yoga,
  );
  const { port, host } = runtime.config.server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Long-running requests (live tails, slow Logs Insights) get a few seconds, then are cut.
      const force = setTimeout(() => server.closeAllConnections(), 5_000);
      await drained;
      clearTimeout(force);
      await yoga.dispose();
      await runtime.close();
      logger.info('stopped');
    })();
    return closing;
  };
  return { url, server, close };
}
