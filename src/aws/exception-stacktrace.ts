// OpenTelemetry `exception.stacktrace` strings as X-Ray's exceptions: frames innermost first (the
// frame that threw, then its callers), chained causes as further exceptions, as AWS's own
// OpenTelemetry -> X-Ray converter (the ADOT collector's awsxrayexporter) reads them. Each SDK writes
// its language's native form:
//   Python (opentelemetry-python, traceback.format_exception): outermost first, "Traceback (most
//     recent call last):", '  File "p", line N, in f' plus source lines, then "Type: message";
//     chained exceptions come before the one raised, after "The above exception was the direct
//     cause of the following exception:" or "During handling of the above exception, ...".
//   Java (printStackTrace): "type: message", "\tat label(File.java:N)", "Caused by: type: message",
//     "\t... N more", "\tSuppressed: ..." blocks.
//   JavaScript (V8's Error.stack): "Error: message", "    at label (path:line:col)", "    at path:line:col".
//   Go (opentelemetry-go, runtime.Stack of 2,048 bytes): "goroutine N [running]:", "pkg.func(args)",
//     "\t/path/file.go:N +0x1d", possibly cut off mid-line.
//   .NET: "type: message", "   at Ns.Type.Method(args) in /src/File.cs:line N", " ---> inner: message".
// Pure: no SDK, no GraphQL.
import type { SpanStackFrame } from './segment-documents.ts';

/** An exception read from a stack trace: the one thrown first, then the exceptions that caused it. */
export interface ParsedStackException {
  type: string | null;
  message: string | null;
  stack: SpanStackFrame[];
}

export type StackLanguage = 'python' | 'java' | 'javascript' | 'go' | 'dotnet';

/** Frames kept per exception (X-Ray keeps a bounded stack too); stack strings are long only in corner cases. */
export const MAX_STACK_FRAMES = 200;

/** The language of a stack trace: from the resource's telemetry.sdk.language, else from its form. */
export function stackLanguage(sdkLanguage: unknown, stacktrace: string): StackLanguage | undefined {
  switch (typeof sdkLanguage === 'string' ? sdkLanguage.toLowerCase() : '') {
    case 'python':
      return 'python';
    case 'java':
    case 'php': // the PHP SDK writes Java's form
      return 'java';
    case 'nodejs':
    case 'webjs':
    case 'javascript':
      return 'javascript';
    case 'go':
      return 'go';
    case 'dotnet':
      return 'dotnet';
  }
  if (/^Traceback \(most recent call last\):/m.test(stacktrace)) return 'python';
  if (/^goroutine \d+ \[/m.test(stacktrace)) return 'go';
  if (/^\tat \S.*\)$/m.test(stacktrace)) return 'java';
  if (/^ {3}at .+ in .+:line \d+$/m.test(stacktrace)) return 'dotnet';
  if (/^ {4}at /m.test(stacktrace)) return 'javascript';
  return undefined;
}

const lines = (text: string): string[] => text.replace(/\r\n?/g, '\n').split('\n');
const frame = (path: string | null, line: number | null, label: string | null): SpanStackFrame => ({ path, line, label });
const cap = (frames: SpanStackFrame[]): SpanStackFrame[] => frames.slice(0, MAX_STACK_FRAMES);

/** "type: message" (or just "type") as the first line of a Java/JS/.NET trace or the last of a Python block writes it. */
function typeAndMessage(text: string | undefined, fallbackType: string | null, fallbackMessage: string | null): { type: string | null; message: string | null } {
  const head = text?.trim() ?? '';
  if (head === '') return { type: fallbackType, message: fallbackMessage };
  const colon = head.indexOf(': ');
  if (colon < 0) return { type: head, message: fallbackMessage };
  return { type: head.slice(0, colon), message: head.slice(colon + 2) };
}

// --- Python ------------------------------------------------------------------------------------

const PYTHON_FRAME = /^ {2}File "(.*)", line (\d+)(?:, in (.*))?$/;
const PYTHON_CHAIN = /^(The above exception was the direct cause of the following exception:|During handling of the above exception, another exception occurred:)$/;

function parsePython(text: string, type: string | null, message: string | null): ParsedStackException[] {
  // Blocks oldest (the deepest cause) first; the last block is the exception that was raised.
  const blocks: string[][] = [[]];
  for (const line of lines(text)) {
    if (PYTHON_CHAIN.test(line)) blocks.push([]);
    else blocks.at(-1)!.push(line);
  }
  const parsed = blocks.map((block) => {
    const frames: SpanStackFrame[] = [];
    let lastFrameLine = -1;
    block.forEach((line, index) => {
      const match = PYTHON_FRAME.exec(line);
      if (!match) return;
      frames.push(frame(match[1] ?? null, Number(match[2]), match[3] ?? null));
      lastFrameLine = index;
    });
    // After the last frame: its source line (and Python 3.11's ^^^ markers), then "Type: message".
    const tail = block.slice(lastFrameLine + 1).filter((line) => line.trim() !== '' && !/^ {4}/.test(line));
    const head = tail.findIndex((line) => !line.startsWith(' '));
    return { tail: head < 0 ? undefined : tail.slice(head).join('\n'), frames: cap(frames.reverse()) };
  });
  const out: ParsedStackException[] = [];
  for (let k = parsed.length - 1; k >= 0; k--) {
    const block = parsed[k]!;
    if (block.frames.length === 0 && block.tail === undefined) continue;
    const raised = k === parsed.length - 1;
    out.push({ ...typeAndMessage(block.tail, raised ? type : null, raised ? message : null), stack: block.frames });
  }
  return out;
}

// --- Java --------------------------------------------------------------------------------------

const JAVA_FRAME = /^\tat (.+)\((.*)\)$/;

function javaFrame(label: string, location: string): SpanStackFrame {
  // "app//com.example.Foo.bar" / "java.base/java.lang.Thread.run": a class loader or module before the class.
  const slash = label.lastIndexOf('/');
  const name = slash >= 0 ? label.slice(slash + 1) : label;
  const match = /^(.*):(\d+)$/.exec(location);
  return match ? frame(match[1] ?? null, Number(match[2]), name) : frame(location === '' ? null : location, null, name);
}

function parseJava(text: string, type: string | null, message: string | null): ParsedStackException[] {
  const all = lines(text);
  const out: ParsedStackException[] = [];
  let current: ParsedStackException | undefined;
  let header: string[] = [];
  let suppressed = false;
  const open = (head: string[], fallbackType: string | null, fallbackMessage: string | null): void => {
    current = { ...typeAndMessage(head.join('\n'), fallbackType, fallbackMessage), stack: [] };
    out.push(current);
  };
  for (const line of all) {
    const causedBy = /^Caused by: (.*)$/.exec(line);
    if (causedBy) {
      if (!current) open(header, type, message);
      header = [];
      open([causedBy[1] ?? ''], null, null);
      suppressed = false;
      continue;
    }
    // "\tSuppressed: ..." and its "\t\tat" frames belong to another exception.
    if (/^\t+Suppressed: /.test(line)) {
      suppressed = true;
      continue;
    }
    const match = JAVA_FRAME.exec(line);
    if (match) {
      if (!current) open(header, type, message);
      if (!suppressed && current!.stack.length < MAX_STACK_FRAMES) current!.stack.push(javaFrame(match[1] ?? '', match[2] ?? ''));
      continue;
    }
    if (/^\t+at /.test(line) || /^\t+\.\.\. \d+ (more|common frames omitted)$/.test(line)) continue;
    // Lines before the first frame: the (possibly multi-line) "type: message".
    if (!current) header.push(line);
  }
  if (!current) open(header, type, message);
  return out;
}

// --- JavaScript --------------------------------------------------------------------------------

function jsFrame(body: string): SpanStackFrame {
  // "label (location)" or just "location" ("async location" in an async function without a name);
  // location "path:line:col", "native" or "<anonymous>".
  const withLabel = /^(.*?) \((.*)\)$/.exec(body);
  const label = withLabel ? (withLabel[1] ?? null) : null;
  const location = withLabel ? (withLabel[2] ?? '') : body.replace(/^async /, '');
  const position = /^(.*?):(\d+)(?::\d+)?$/.exec(location);
  if (position) return frame(position[1] ?? null, Number(position[2]), label);
  return frame(location === '' ? null : location, null, label);
}

function parseJavaScript(text: string, type: string | null, message: string | null): ParsedStackException[] {
  const all = lines(text);
  const firstFrame = all.findIndex((line) => /^\s+at /.test(line));
  const head = firstFrame < 0 ? all : all.slice(0, firstFrame);
  const stack: SpanStackFrame[] = [];
  for (const line of firstFrame < 0 ? [] : all.slice(firstFrame)) {
    const match = /^\s+at (.+)$/.exec(line);
    if (match && stack.length < MAX_STACK_FRAMES) stack.push(jsFrame(match[1]!.trim()));
  }
  return [{ ...typeAndMessage(head.join('\n'), type, message), stack }];
}

// --- Go ----------------------------------------------------------------------------------------

/** "pkg.(*T).Method(0xc000, {0x1, 0x2})" -> "pkg.(*T).Method": the argument list is the last balanced group. */
function goFunction(line: string): string {
  const text = line.trim();
  if (!text.endsWith(')')) return text;
  let depth = 0;
  for (let index = text.length - 1; index >= 0; index--) {
    if (text[index] === ')') depth++;
    else if (text[index] === '(' && --depth === 0) return index > 0 ? text.slice(0, index) : text;
  }
  return text;
}

function parseGo(text: string, type: string | null, message: string | null): ParsedStackException[] {
  const stack: SpanStackFrame[] = [];
  let label: string | null = null;
  for (const line of lines(text)) {
    if (/^goroutine \d+ \[/.test(line) || line.trim() === '') continue;
    const location = /^\t(.+?):(\d+)(?: \+0x[0-9a-f]+)?$/.exec(line);
    if (location) {
      if (stack.length < MAX_STACK_FRAMES) stack.push(frame(location[1] ?? null, Number(location[2]), label));
      label = null;
      continue;
    }
    if (line.startsWith('\t')) continue; // cut off mid-line (2,048 bytes)
    const created = /^created by (.+?)(?: in goroutine \d+)?$/.exec(line);
    label = created ? `created by ${goFunction(created[1] ?? '')}` : goFunction(line);
  }
  return [{ type, message, stack }];
}

// --- .NET --------------------------------------------------------------------------------------

function parseDotnet(text: string, type: string | null, message: string | null): ParsedStackException[] {
  const all = lines(text);
  // Exception.ToString(): "Outer: message", then " ---> Inner: message" for each inner exception,
  // the innermost's frames, "--- End of inner exception stack trace ---", the next one out's...
  const chain: ParsedStackException[] = [{ ...typeAndMessage(all[0], type, message), stack: [] }];
  let owner = 0;
  for (const line of all.slice(1)) {
    const inner = /^ ---> (.*)$/.exec(line);
    if (inner) {
      chain.push({ ...typeAndMessage(inner[1], null, null), stack: [] });
      owner = chain.length - 1;
      continue;
    }
    if (/^\s*--- End of inner exception stack trace ---$/.test(line)) {
      owner = Math.max(0, owner - 1);
      continue;
    }
    const match = /^\s+at (.+?)(?: in (.+):line (\d+))?$/.exec(line);
    if (!match) continue;
    const target = chain[owner]!;
    if (target.stack.length < MAX_STACK_FRAMES) target.stack.push(frame(match[2] ?? null, match[3] === undefined ? null : Number(match[3]), match[1] ?? null));
  }
  return chain;
}

// --- unknown -----------------------------------------------------------------------------------

/** Lines that look like a frame of any of the forms above, in the order given. */
function parseUnknown(text: string, type: string | null, message: string | null): ParsedStackException[] {
  const stack: SpanStackFrame[] = [];
  for (const line of lines(text)) {
    const python = PYTHON_FRAME.exec(line);
    const java = JAVA_FRAME.exec(line);
    const js = /^\s+at (.+)$/.exec(line);
    const parsed = python ? frame(python[1] ?? null, Number(python[2]), python[3] ?? null) : java ? javaFrame(java[1] ?? '', java[2] ?? '') : js ? jsFrame(js[1]!.trim()) : undefined;
    if (parsed && stack.length < MAX_STACK_FRAMES) stack.push(parsed);
  }
  return [{ type, message, stack }];
}

type StackParser = (text: string, type: string | null, message: string | null) => ParsedStackException[];
const PARSERS: Record<StackLanguage, StackParser> = { python: parsePython, java: parseJava, javascript: parseJavaScript, go: parseGo, dotnet: parseDotnet };

/**
 * The exceptions a stack trace holds, the one raised first (with the span event's own type and
 * message, which the trace's text only repeats), then its causes, each with frames innermost first.
 */
export function parseExceptionStacktrace(stacktrace: string, options: { type: string | null; message: string | null; sdkLanguage?: unknown }): ParsedStackException[] {
  const { type, message } = options;
  const language = stackLanguage(options.sdkLanguage, stacktrace);
  const parsed = (language === undefined ? parseUnknown : PARSERS[language])(stacktrace, type, message);
  if (parsed.length === 0) return [{ type, message, stack: [] }];
  // The span event names the raised exception authoritatively (the text may be cut or reformatted).
  parsed[0] = { ...parsed[0]!, type: type ?? parsed[0]!.type, message: message ?? parsed[0]!.message };
  return parsed;
}
