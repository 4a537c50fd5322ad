// What the benchmark needs of the emulator, wherever it runs: its URL, its per-operation counters
// and a reset. In-process for tests (`inProcessProbe`); in a child process for the benchmark
// (`startEmulatorProcess`), so that the emulator's own CPU work (running Logs Insights queries over
// 24 h of demo logs, filtering traces) neither blocks the gateway's event loop nor counts in the
// gateway's CPU time and RSS.
import { fork } from 'node:child_process';
import { OPERATIONS, type Operation } from '../../src/emulator/emulator-knobs.ts';
import type { LocalEmulator } from '../../src/emulator/local-emulator.ts';

export interface OperationCounter {
  /** First attempts. */
  calls: number;
  /** Every HTTP request, retries included. */
  attempts: number;
  /** Arrival time (epoch ms) of every request. */
  requestTimes: number[];
}

export type CounterSnapshot = Record<Operation, OperationCounter>;

export interface EmulatorProbe {
  /** The endpoint the gateway's SDK clients use. */
  url: string;
  /** Zeroes every counter. */
  reset(): Promise<void>;
  counters(): Promise<CounterSnapshot>;
  /** Stops the demo data feed (appends data every second; the warm phase measures CPU without it). */
  stopFeed(): Promise<void>;
  close(): Promise<void>;
}

function snapshotOf(emulator: LocalEmulator): CounterSnapshot {
  const counters = emulator.emulator.counters;
  return Object.fromEntries(
    OPERATIONS.map((op) => {
      const count = counters.get(op);
      return [op, { calls: count.calls, attempts: count.attempts, requestTimes: [...count.requestTimes] }];
    }),
  ) as CounterSnapshot;
}

/** A probe over an emulator running in this process (its knobs stay in reach of the caller). */
export function inProcessProbe(emulator: LocalEmulator): EmulatorProbe {
  return {
    url: emulator.emulator.url,
    reset: async () => emulator.emulator.counters.reset(),
    counters: async () => snapshotOf(emulator),
    stopFeed: async () => emulator.feed?.stop(),
    close: () => emulator.close(),
  };
}

/** Messages between the benchmark and its emulator process. */
export type ProbeRequest = { id: number; type: 'reset' | 'counters' | 'stopFeed' | 'close' };
export type ProbeReply = { type: 'ready'; url: string } | { id: number; type: 'done'; counters?: CounterSnapshot } | { type: 'failed'; message: string };

/** The demo emulator, with the benchmark's latencies, in a child process (test/bench/emulator-process.ts). */
export async function startEmulatorProcess(): Promise<EmulatorProbe & { pid: number }> {
  const child = fork(new URL('./emulator-process.ts', import.meta.url), [], { execPath: process.execPath, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (reply: Extract<ProbeReply, { type: 'done' }>) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`emulator process exited (${code}) before it was ready`)));
    child.on('message', (message: ProbeReply) => {
      if (message.type === 'ready') resolve(message.url);
      else if (message.type === 'failed') reject(new Error(`emulator process: ${message.message}`));
      else pending.get(message.id)?.resolve(message);
    });
  });
  child.removeAllListeners('exit');
  child.on('exit', (code) => {
    exited = true;
    for (const { reject } of pending.values()) reject(new Error(`emulator process exited (${code})`));
    pending.clear();
  });
  const ask = (type: ProbeRequest['type']): Promise<Extract<ProbeReply, { type: 'done' }>> =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error('emulator process has exited'));
      const id = nextId++;
      pending.set(id, {
        resolve: (reply) => {
          pending.delete(id);
          resolve(reply);
        },
        reject,
      });
      child.send({ id, type } satisfies ProbeRequest);
    });
  return {
    url,
    pid: child.pid ?? -1,
    reset: async () => void (await ask('reset')),
    counters: async () => (await ask('counters')).counters as CounterSnapshot,
    stopFeed: async () => void (await ask('stopFeed')),
    close: async () => {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await ask('close').catch(() => {});
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
