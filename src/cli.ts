#!/usr/bin/env node
// tinkr-server: `serve` (default), `print-schema`, `emulator`.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/load-config.ts';
import { applyControlChange, changeFromFlags } from './emulator/emulator-control.ts';
import { TrustedDocumentsError } from './server/trusted-documents.ts';
import { startLocalEmulator } from './emulator/local-emulator.ts';
import { printGatewaySchema } from './schema/print-schema.ts';
import { createLogger } from './server/logger.ts';
import { startGateway } from './server/start-gateway.ts';

const USAGE = `usage: tinkr-server [serve] [--config FILE] [--profile NAME] [--port N] [--host ADDR]
       tinkr-server print-schema [--out FILE]
       tinkr-server emulator [--port 4566] [--host 127.0.0.1] [--no-demo]
                             [--fault OP=KIND[:COUNT]]... [--latency OP=MS]... [--insights-outcome STATUS]...
       tinkr-server --help`;

const HELP = `tinkr-server: one GraphQL endpoint for the logs, metrics and traces of your services on AWS.

${USAGE}

Commands:
  serve          Serve GraphQL at http://HOST:PORT/graphql (the default command). Without a config
                 file and without TINKR_BACKEND it serves the demo organisation from the embedded
                 AWS emulator.
  print-schema   Print the GraphQL schema (SDL) to stdout, or to --out FILE.
  emulator       Run the embedded AWS emulator alone (CloudWatch Logs, CloudWatch, X-Ray), for the
                 AWS CLI or SDKs with --endpoint-url.

Flags (flags > environment > TOML > defaults):
  -c, --config FILE    TOML config file (default: ./tinkr.toml when it exists)
  -p, --profile NAME   default profile for queries that name none (default: the profile with
                       active = true, else the only profile, else "default")
      --port N         serve: listening port (default 4000); emulator: port (default 4566)
      --host ADDR      listening address (default 127.0.0.1; any other host requires auth)
  -o, --out FILE       print-schema: write the schema to FILE
      --no-demo        emulator: start empty, without the demo organisation
      --fault OP=KIND[:COUNT]
                       emulator: inject a fault into operation OP (StartQuery, GetMetricData, ...):
                       KIND throttle | 5xx | hang | access-denied, for COUNT calls or all of them
      --latency OP=MS  emulator: add MS milliseconds before OP answers
      --insights-outcome STATUS
                       emulator: the next Logs Insights query ends Failed | Cancelled | Timeout
                       (repeatable). While it runs: GET/PUT/DELETE <url>/_emulator/faults
                       (loopback only; changes with Content-Type: application/json, no web
                       pages) shows and changes the faults
  -h, --help           this help

Environment:
  TINKR_CONFIG                 config file, like --config
  TINKR_PROFILE                default profile, like --profile
  TINKR_BACKEND                cloudwatch | local: the chosen profile's backend (no config at all:
                               cloudwatch serves a profile made from the environment)
  AWS_REGION                   the chosen profile's region (required for cloudwatch unless the
                               profile has one); AWS_DEFAULT_REGION is used when neither is set
  CLOUDWATCH_LOG_GROUP_PREFIX  the chosen profile's log_group_prefix
  PORT                         listening port, like --port (default 4000; emulator 4566)
  TINKR_TOKEN_SHA256           comma-separated SHA-256 hex digests of accepted bearer tokens
  REDIS_URL                    Redis shared by replicas for the Logs Insights limits ([server] redis_url)
  AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE
                               read by the AWS SDK's default credential chain and endpoint settings

Exit status: 0 after a clean shutdown (SIGTERM/SIGINT); 2 for a bad flag, a bad config (every
problem listed, each naming the file and key path) or a port that cannot be used.
Config reference: tinkr.example.toml and docs/configuration.md.`;

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
        fault: { type: 'string', multiple: true },
        latency: { type: 'string', multiple: true },
        'insights-outcome': { type: 'string', multiple: true },
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
    console.log(HELP);
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
        if (error instanceof TrustedDocumentsError) {
          console.error(`tinkr-server: ${error.message}`);
          process.exit(EXIT_USAGE);
        }
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
      let faults;
      try {
        faults = changeFromFlags({ fault: values.fault ?? [], latency: values.latency ?? [], insightsOutcome: values['insights-outcome'] ?? [] });
      } catch (error) {
        console.error(`tinkr-server: ${(error as Error).message}`);
        process.exit(EXIT_USAGE);
      }
      const local = await startLocalEmulator({ host: values.host ?? '127.0.0.1', port: Number(port), demo: !values['no-demo'], spans: true });
      applyControlChange(local.emulator.knobs, faults);
      console.log(
        JSON.stringify({
          level: 'info',
          msg: 'AWS emulator listening',
          url: local.emulator.url,
          control: `${local.emulator.url}/_emulator/faults`,
          faults: local.emulator.knobs.faults,
          throttle: local.emulator.knobs.throttle,
          latencyMs: local.emulator.knobs.latencyMs,
          nextQueryOutcomes: local.emulator.knobs.nextQueryOutcomes,
        }),
      );
      onSignals(() => local.close());
      return;
    }
    default:
      console.error(`tinkr-server: unknown command "${command}"\n${USAGE}`);
      process.exit(EXIT_USAGE);
  }
}

await main(process.argv.slice(2));
