// A loopback port with nothing listening on it: bound by us, then released. Used for throwaway
// servers (redis-server, a gateway process) and for an endpoint that must refuse connections.
import { createServer } from 'node:net';

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
