// The HTTP listener around yoga, with graceful shutdown: stop accepting, end live streams with a
// final error, let short requests finish for server.shutdown_grace, then abandon the AWS work left
// (stopping its Logs Insights queries), and close what the runtime holds (AWS clients, the emulator).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { GatewayRuntime } from '../runtime/gateway-runtime.ts';
import { attachGraphQLWs } from './graphql-ws-server.ts';
import { hostCheckOf, refuseHost } from './host-check.ts';
import { gatewayAccessOf, type GatewayYoga } from './yoga.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

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
  // graphql-ws on the GraphQL path, next to HTTP and SSE.
  const webSockets = attachGraphQLWs(server, { path: '/graphql', yoga, runtime, ...gatewayAccessOf(yoga), ...(hostAllowed ? { hostAllowed } : {}) });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const grace = runtime.config.server.shutdown_grace;
      // 1. Stop accepting; keep-alive connections close as soon as they are idle (a client holding
      //    one open must not hold the exit); live streams end now with a final error payload.
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      // Open sockets end with 1001 Going Away; their subscriptions stop.
      await webSockets.close();
      server.closeIdleConnections();
      const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
      runtime.beginShutdown();
      // 2. Short requests get `shutdown_grace` to finish.
      const waited = await Promise.race([drained.then(() => true), sleep(grace).then(() => false)]);
      if (!waited) {
        // 3. Out of patience: abandon the AWS work still running (its Logs Insights queries are
        //    stopped) so that those requests answer now with what they have, then cut what is left.
        runtime.abandonWork();
        const answered = await Promise.race([drained.then(() => true), sleep(2_000).then(() => false)]);
        if (!answered) server.closeAllConnections();
        await drained;
      }
      clearInterval(idleSweep);
      await yoga.dispose();
      await runtime.close();
      logger.info('stopped');
    })();
    return closing;
  };
  return { url, server, close };
}
