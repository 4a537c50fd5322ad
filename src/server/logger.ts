// The server's own logs: JSON lines on stdout (pino), one logger for yoga and the process.
import { pino, type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'tinkr-gateway' }, timestamp: pino.stdTimeFunctions.isoTime });
}
