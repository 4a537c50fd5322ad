#!/usr/bin/env node
// tinkr-server: `serve` (default), `print-schema`, `emulator`.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/load-config.ts';
import { startLocalEmulator } from './emulator/local-emulator.ts';
import { printGatewaySchema } from './schema/print-schema.ts';
import { createLogger } from './server/logger.ts';
import { startGateway } from './server/start-gateway.ts';

const USAGE = `usage: tinkr-server [serve] [--config FILE] [--profile NAME] [--port N] [--host ADDR]
       tinkr-server print-schema [--out FILE]
       tinkr-server emulator [--port 4566] [--host 127.0.0.1] [--no-demo]`;

/** Config problems and bad flags exit 2 before anything listens. */
const EXIT_USAGE = 2;

function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string', short: 'c' },
        profile: { type: 'string', short: 'p' },
        port: { type: 'string' },
        host: { type: 'string' },
        out: { type: 'string', short: 'o' },
        'no-demo': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`tinkr-server: ${(error as Error).message}\n${USAGE}`);
    process.exit(EXIT_USAGE);
  }
  const { values, positionals } = parsed;
  const command = positionals[0] ?? 'serve';
  if (values.help) {
    console.log(USAGE);
    return;
  }

  switch (command) {
    case 'serve': {
      let config;
      try {
        config = loadConfig({
          flags: {
            ...(values.config !== undefined ? { config: values.config } : {}),
            ...(values.profile !== undefined ? { profile: values.profile } : {}),
            ...(values.port !== undefined ? { port: values.port } : {}),
            ...(values.host !== undefined ? { host: values.host } : {}),
          },
        });
      } catch (error) {
        if (error instanceof ConfigError) {
          console.error(`tinkr-server: ${error.message}`);
          process.exit(EXIT_USAGE);
        }
        throw error;
      }
      const logger = createLogger(config.server.log_level);
      let gateway;
      try {
        gateway = await startGateway(config, logger);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
          const { host, port } = config.server;
          console.error(`tinkr-server: cannot listen on ${host}:${port} (${code}); choose another with --port, PORT or [server] port`);
          process.exit(EXIT_USAGE);
        }
        throw error;
      }
      onSignals(() => gateway.close());
      return;
    }
    case 'print-schema': {
      const sdl = printGatewaySchema();
      if (values.out) writeFileSync(values.out, sdl);
      else process.stdout.write(sdl);
      return;
    }
    case 'emulator': {
      const port = values.port ?? process.env.PORT ?? '4566';
      if (!/^\d{1,5}$/.test(port)) {
        console.error(`tinkr-server: --port: expected a port number; got "${port}"`);
        process.exit(EXIT_USAGE);
      }
      const local = await startLocalEmulator({ host: values.host ?? '127.0.0.1', port: Number(port), demo: !values['no-demo'], spans: true });
      console.log(JSON.stringify({ level: 'info', msg: 'AWS emulator listening', url: local.emulator.url }));
      onSignals(() => local.close());
      return;
    }
    default:
      console.error(`tinkr-server: unknown command "${command}"\n${USAGE}`);
      process.exit(EXIT_USAGE);
  }
}

await main(process.argv.slice(2));
