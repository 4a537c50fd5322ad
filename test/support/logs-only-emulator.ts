// The emulator with only its CloudWatch Logs handlers over `store` (Logs Insights queries answered
// at once unless told otherwise) and a real SDK client for it: the set-up of the tests that check
// Logs Insights answers against data they wrote themselves.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { createEmulatorKnobs, type EmulatorKnobs } from '../../src/emulator/emulator-knobs.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/emulator-server.ts';
import type { LogStore } from '../../src/emulator/log-store.ts';
import { createLogsHandlers } from '../../src/emulator/logs-handlers.ts';

export interface LogsOnlyEmulator {
  emulator: RunningEmulator;
  client: CloudWatchLogsClient;
  close(): Promise<void>;
}

export async function startLogsOnlyEmulator(store: LogStore, knobs: EmulatorKnobs = createEmulatorKnobs({ queryScheduledMs: 0, queryRunMs: 0 })): Promise<LogsOnlyEmulator> {
  const emulator = await startEmulator({ handlers: { logs: createLogsHandlers(store, knobs), cloudwatch: {}, xray: {} }, knobs });
  const client = new CloudWatchLogsClient({ endpoint: emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  return {
    emulator,
    client,
    close: async () => {
      client.destroy();
      await emulator.close();
    },
  };
}
