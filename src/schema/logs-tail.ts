// Subscription.tail: a service's new log lines as they arrive (FilterLogEvents polling), served
// by graphql-yoga over SSE (`accept: text/event-stream`). The polling ends with the subscription.
import { tailServiceLogs } from '../loaders/logs/log-tail-stream.ts';
import { builder } from './builder.ts';
import { readableProfile, readableService } from './caller-access.ts';
import { badUserInput, resolveOrError, toGraphQLError } from './graphql-errors.ts';
import { LogEventRef, LogFilterInput, toLogFilter } from './logs-types.ts';

/** A failure while the tail runs (FilterLogEvents denied, say) reaches the client with its code. */
async function* withCodedErrors<T>(source: AsyncIterableIterator<T>): AsyncGenerator<T, void, undefined> {
  try {
    yield* source;
  } catch (error) {
    throw toGraphQLError(error);
  }
}

builder.subscriptionType({ description: 'Live data, over SSE (send `accept: text/event-stream`) or WebSocket (the graphql-ws protocol on the same path).' });

builder.subscriptionFields((t) => ({
  tail: t.field({
    type: LogEventRef,
    description: `New log lines of a service as they arrive, oldest first, each once (FilterLogEvents polled every logs.tail_interval).`,
    args: {
      service: t.arg.string({ description: "The service whose lines to follow.", required: true }),
      profile: t.arg.string({ description: "Profile name; default: the default profile." }),
      filter: t.arg({ description: "Which lines to send; default: every line.", type: LogFilterInput }),
    },
    subscribe: (_root, args, context) =>
      resolveOrError(async () => {
        if (!args.service.trim()) throw badUserInput('service: must not be empty', 'service');
        const service = readableService(context, readableProfile(context, args.profile), args.service);
        // The client's own signal: a tail outlives server.request_timeout, not its client.
        const signal = context.clientSignal;
        return withCodedErrors(tailServiceLogs(context, service, toLogFilter(args.filter), signal ? { signal } : {}));
      }),
    resolve: (event) => event,
  }),
}));
