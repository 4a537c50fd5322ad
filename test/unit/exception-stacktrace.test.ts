// OpenTelemetry `exception.stacktrace` strings in each SDK's own form, read innermost frame first
// with their chained causes, as AWS's OpenTelemetry -> X-Ray converter (the ADOT collector's
// awsxrayexporter, internal/translator/cause.go) reads them. The texts are what the SDKs write:
// opentelemetry-python's record_exception (traceback.format_exception, outermost first),
// opentelemetry-java's recordException (printStackTrace), opentelemetry-js's recordException (V8's
// Error.stack), opentelemetry-go's RecordError(err, WithStackTrace(true)) (runtime.Stack of 2,048
// bytes) and .NET's Exception.ToString().
import { describe, expect, it } from 'vitest';
import { MAX_STACK_FRAMES, parseExceptionStacktrace, stackLanguage } from '../../src/aws/exception-stacktrace.ts';

const PYTHON = `Traceback (most recent call last):
  File "/var/lang/lib/python3.12/site-packages/opentelemetry/trace/__init__.py", line 589, in use_span
    yield span
  File "/var/task/app/ledger.py", line 41, in append
    self._table.put_item(Item=item)
  File "/var/task/botocore/client.py", line 1023, in _make_api_call
    raise error_class(parsed_response, operation_name)
botocore.errorfactory.ProvisionedThroughputExceededException: An error occurred (ProvisionedThroughputExceededException) when calling the PutItem operation (reached max retries: 9): The level of configured provisioned throughput for the table was exceeded.
`;

const PYTHON_CHAINED = `Traceback (most recent call last):
  File "/var/task/app/db.py", line 12, in fetch
    return cursor.execute(sql)
           ^^^^^^^^^^^^^^^^^^^
sqlite3.OperationalError: database is locked

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/var/task/app/handler.py", line 30, in handler
    order = repo.load(order_id)
  File "/var/task/app/repo.py", line 18, in load
    raise LookupFailed(order_id) from error
app.errors.LookupFailed: order o-123
`;

const JAVA = `software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded. (Service: DynamoDb, Status Code: 400, Request ID: 8ES6F1V0KPQ2JLFMNB4CJPB3QVVV4KQNSO5AEMVJF66Q9ASUAAJG)
\tat software.amazon.awssdk.core.internal.http.CombinedResponseHandler.handleErrorResponse(CombinedResponseHandler.java:125)
\tat app//com.example.payments.LedgerWriter.append(LedgerWriter.java:57)
\tat com.example.payments.ChargeService.charge(ChargeService.java:88)
\tat java.base/java.lang.Thread.run(Thread.java:1583)
\tSuppressed: java.io.IOException: close failed
\t\tat com.example.payments.LedgerWriter.close(LedgerWriter.java:90)
\t\t... 3 more
Caused by: java.net.SocketTimeoutException: Read timed out
\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)
\tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)
\tat jdk.internal.reflect.GeneratedMethodAccessor12.invoke(Unknown Source)
\t... 2 more
`;

const NODE = `ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded.
    at throwDefaultError (/app/node_modules/@smithy/smithy-client/dist-cjs/index.js:867:20)
    at /app/node_modules/@smithy/smithy-client/dist-cjs/index.js:876:5
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
    at async /app/node_modules/@smithy/middleware-serde/dist-cjs/index.js:35:20
    at async LedgerWriter.append (file:///app/dist/ledger/ledger-writer.mjs:52:11)
    at Array.map (<anonymous>)`;

const GO = `goroutine 42 [running]:
go.opentelemetry.io/otel/sdk/trace.recordStackTrace()
\t/go/pkg/mod/go.opentelemetry.io/otel/sdk@v1.28.0/trace/span.go:505 +0x2c
go.opentelemetry.io/otel/sdk/trace.(*recordingSpan).RecordError(0xc0002c6000, {0x1a2b3c0, 0xc000410080}, {0xc0004b3d88, 0x1, 0x1})
\t/go/pkg/mod/go.opentelemetry.io/otel/sdk@v1.28.0/trace/span.go:452 +0x2a5
main.(*ledger).append(0xc0001a6f00, {0x1b0e2e8, 0xc0003f2e10}, {0xc00029a3c0, 0x24})
\t/src/payments/ledger.go:57 +0x3c9
net/http.HandlerFunc.ServeHTTP(0xc0004c6120?, {0x1b0b0a0?, 0xc0004d2000?}, 0x0?)
\t/usr/local/go/src/net/http/server.go:2171 +0x29
created by net/http.(*Server).Serve in goroutine 1
\t/usr/local/go/src/net/http/server.go:3285 +0x4b4
net/http.(*conn).ser`;

const DOTNET = `System.InvalidOperationException: charge failed
 ---> Amazon.DynamoDBv2.Model.ProvisionedThroughputExceededException: Rate exceeded
   at Amazon.Runtime.Internal.HttpErrorResponseExceptionHandler.HandleExceptionStream(IRequestContext requestContext)
   at Payments.Ledger.AppendAsync(Entry entry) in /src/Payments/Ledger.cs:line 57
   --- End of inner exception stack trace ---
   at Payments.ChargeService.ChargeAsync(Charge charge) in /src/Payments/ChargeService.cs:line 88
   at Payments.ChargeController.Create(ChargeRequest request) in /src/Payments/ChargeController.cs:line 41`;

describe('stackLanguage', () => {
  it('takes telemetry.sdk.language, else recognises the form', () => {
    expect(stackLanguage('python', JAVA)).toBe('python');
    expect(stackLanguage('nodejs', '')).toBe('javascript');
    expect(stackLanguage('webjs', '')).toBe('javascript');
    expect(stackLanguage('php', '')).toBe('java');
    expect(stackLanguage(undefined, PYTHON)).toBe('python');
    expect(stackLanguage(undefined, JAVA)).toBe('java');
    expect(stackLanguage(undefined, NODE)).toBe('javascript');
    expect(stackLanguage(undefined, GO)).toBe('go');
    expect(stackLanguage(undefined, DOTNET)).toBe('dotnet');
    expect(stackLanguage('rust', 'panicked at src/main.rs:4:5')).toBeUndefined();
  });
});

describe('parseExceptionStacktrace', () => {
  const event = (type: string | null, message: string | null = null, sdkLanguage?: string) => ({ type, message, sdkLanguage });

  it('Python: reverses the traceback (most recent call last) to innermost first', () => {
    expect(parseExceptionStacktrace(PYTHON, event('botocore.errorfactory.ProvisionedThroughputExceededException', 'An error occurred', 'python'))).toEqual([
      {
        type: 'botocore.errorfactory.ProvisionedThroughputExceededException',
        message: 'An error occurred',
        stack: [
          { path: '/var/task/botocore/client.py', line: 1023, label: '_make_api_call' },
          { path: '/var/task/app/ledger.py', line: 41, label: 'append' },
          { path: '/var/lang/lib/python3.12/site-packages/opentelemetry/trace/__init__.py', line: 589, label: 'use_span' },
        ],
      },
    ]);
  });

  it('Python: the raised exception first, then the ones that caused it, each innermost first', () => {
    expect(parseExceptionStacktrace(PYTHON_CHAINED, event('app.errors.LookupFailed', 'order o-123', 'python'))).toEqual([
      {
        type: 'app.errors.LookupFailed',
        message: 'order o-123',
        stack: [
          { path: '/var/task/app/repo.py', line: 18, label: 'load' },
          { path: '/var/task/app/handler.py', line: 30, label: 'handler' },
        ],
      },
      { type: 'sqlite3.OperationalError', message: 'database is locked', stack: [{ path: '/var/task/app/db.py', line: 12, label: 'fetch' }] },
    ]);
  });

  it('Java: frames as printed (innermost first), module prefixes dropped, causes after, suppressed and elided frames skipped', () => {
    const parsed = parseExceptionStacktrace(JAVA, event('software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException', 'The level', 'java'));
    expect(parsed).toEqual([
      {
        type: 'software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException',
        message: 'The level',
        stack: [
          { path: 'CombinedResponseHandler.java', line: 125, label: 'software.amazon.awssdk.core.internal.http.CombinedResponseHandler.handleErrorResponse' },
          { path: 'LedgerWriter.java', line: 57, label: 'com.example.payments.LedgerWriter.append' },
          { path: 'ChargeService.java', line: 88, label: 'com.example.payments.ChargeService.charge' },
          { path: 'Thread.java', line: 1583, label: 'java.lang.Thread.run' },
        ],
      },
      {
        type: 'java.net.SocketTimeoutException',
        message: 'Read timed out',
        stack: [
          { path: 'NioSocketImpl.java', line: 288, label: 'sun.nio.ch.NioSocketImpl.timedRead' },
          { path: 'Socket.java', line: 1099, label: 'java.net.Socket$SocketInputStream.read' },
          { path: 'Unknown Source', line: null, label: 'jdk.internal.reflect.GeneratedMethodAccessor12.invoke' },
        ],
      },
    ]);
  });

  it('JavaScript: V8 frames with and without a function name, async and native ones', () => {
    expect(parseExceptionStacktrace(NODE, event('ProvisionedThroughputExceededException', null, 'nodejs'))).toEqual([
      {
        type: 'ProvisionedThroughputExceededException',
        message: 'The level of configured provisioned throughput for the table was exceeded.',
        stack: [
          { path: '/app/node_modules/@smithy/smithy-client/dist-cjs/index.js', line: 867, label: 'throwDefaultError' },
          { path: '/app/node_modules/@smithy/smithy-client/dist-cjs/index.js', line: 876, label: null },
          { path: 'node:internal/process/task_queues', line: 95, label: 'process.processTicksAndRejections' },
          { path: '/app/node_modules/@smithy/middleware-serde/dist-cjs/index.js', line: 35, label: null },
          { path: 'file:///app/dist/ledger/ledger-writer.mjs', line: 52, label: 'async LedgerWriter.append' },
          { path: '<anonymous>', line: null, label: 'Array.map' },
        ],
      },
    ]);
  });

  it('Go: runtime.Stack pairs (function without its arguments, file:line), a frame cut off at 2,048 bytes dropped', () => {
    expect(parseExceptionStacktrace(GO, event('*types.ProvisionedThroughputExceededException', 'throughput exceeded', 'go'))).toEqual([
      {
        type: '*types.ProvisionedThroughputExceededException',
        message: 'throughput exceeded',
        stack: [
          { path: '/go/pkg/mod/go.opentelemetry.io/otel/sdk@v1.28.0/trace/span.go', line: 505, label: 'go.opentelemetry.io/otel/sdk/trace.recordStackTrace' },
          { path: '/go/pkg/mod/go.opentelemetry.io/otel/sdk@v1.28.0/trace/span.go', line: 452, label: 'go.opentelemetry.io/otel/sdk/trace.(*recordingSpan).RecordError' },
          { path: '/src/payments/ledger.go', line: 57, label: 'main.(*ledger).append' },
          { path: '/usr/local/go/src/net/http/server.go', line: 2171, label: 'net/http.HandlerFunc.ServeHTTP' },
          { path: '/usr/local/go/src/net/http/server.go', line: 3285, label: 'created by net/http.(*Server).Serve' },
        ],
      },
    ]);
  });

  it('.NET: the outer exception first, its inner exception (whose frames come first in the text) after', () => {
    expect(parseExceptionStacktrace(DOTNET, event('System.InvalidOperationException', 'charge failed', 'dotnet'))).toEqual([
      {
        type: 'System.InvalidOperationException',
        message: 'charge failed',
        stack: [
          { path: '/src/Payments/ChargeService.cs', line: 88, label: 'Payments.ChargeService.ChargeAsync(Charge charge)' },
          { path: '/src/Payments/ChargeController.cs', line: 41, label: 'Payments.ChargeController.Create(ChargeRequest request)' },
        ],
      },
      {
        type: 'Amazon.DynamoDBv2.Model.ProvisionedThroughputExceededException',
        message: 'Rate exceeded',
        stack: [
          { path: null, line: null, label: 'Amazon.Runtime.Internal.HttpErrorResponseExceptionHandler.HandleExceptionStream(IRequestContext requestContext)' },
          { path: '/src/Payments/Ledger.cs', line: 57, label: 'Payments.Ledger.AppendAsync(Entry entry)' },
        ],
      },
    ]);
  });

  it('recognises the form when the resource names no language, keeps the event\'s type and message, bounds the frames', () => {
    expect(parseExceptionStacktrace(PYTHON, event('X', 'y')).map((exception) => exception.stack[0]?.label)).toEqual(['_make_api_call']);
    expect(parseExceptionStacktrace('no frames here', event('X', 'y'))).toEqual([{ type: 'X', message: 'y', stack: [] }]);
    const deep = `RecursionError: deep\n${Array.from({ length: MAX_STACK_FRAMES + 50 }, (_, k) => `    at f${k} (/app/r.js:${k + 1}:1)`).join('\n')}`;
    expect(parseExceptionStacktrace(deep, event(null, null, 'nodejs'))[0]).toMatchObject({ type: 'RecursionError', message: 'deep' });
    expect(parseExceptionStacktrace(deep, event(null, null, 'nodejs'))[0]!.stack).toHaveLength(MAX_STACK_FRAMES);
  });
});
