// The benchmark's emulator process: the demo organisation with the benchmark's latencies, answering
// the parent's probe requests (reset, counters, stopFeed, close) over the IPC channel.
import { startLocalEmulator } from '../../src/emulator/local-emulator.ts';
import { applyBenchLatencies } from './bench-latencies.ts';
import { inProcessProbe, type ProbeReply, type ProbeRequest } from './emulator-probe.ts';

const send = (reply: ProbeReply): void => {
  process.send?.(reply);
};

try {
  const emulator = await startLocalEmulator({ host: '127.0.0.1', port: 0, spans: true });
  applyBenchLatencies(emulator.emulator.knobs);
  const probe = inProcessProbe(emulator);
  let closing: Promise<void> | undefined;
  const shutDown = (): Promise<void> => (closing ??= probe.close());
  process.on('message', (request: ProbeRequest) => {
    void (async () => {
      if (request.type === 'counters') return send({ id: request.id, type: 'done', counters: await probe.counters() });
      if (request.type === 'reset') await probe.reset();
      if (request.type === 'stopFeed') await probe.stopFeed();
      if (request.type === 'close') {
        await shutDown();
        send({ id: request.id, type: 'done' });
        process.exit(0);
      }
      send({ id: request.id, type: 'done' });
    })();
  });
  // The parent went away: nothing left to serve.
  process.on('disconnect', () => void shutDown().finally(() => process.exit(0)));
  send({ type: 'ready', url: emulator.emulator.url });
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
