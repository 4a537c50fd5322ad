// The error codes table of docs/graphql.md lists every extensions.code the server emits: each code
// written in src/ (the ErrorCode union, gatewayError('X'), `code: 'X'` literals) has its row, once.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Codes the server's own code emits (the emulator speaks AWS's error codes, not ours). */
function emittedCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of sourceFiles('src')) {
    if (file.startsWith(join('src', 'emulator')) || file.startsWith(join('src', 'generated'))) continue;
    const text = readFileSync(file, 'utf8');
    for (const pattern of [/gatewayError\(\s*'([A-Z][A-Z_]+)'/g, /\bcode: '([A-Z][A-Z_]+)'/g, /: ErrorCode = '([A-Z][A-Z_]+)'/g]) {
      for (const match of text.matchAll(pattern)) codes.add(match[1]!);
    }
    const union = /export type ErrorCode =([^;]+);/.exec(text);
    if (union) for (const match of union[1]!.matchAll(/'([A-Z][A-Z_]+)'/g)) codes.add(match[1]!);
  }
  return codes;
}

/** The codes of the rows of the table under "## Error codes" in docs/graphql.md, in order. */
function documentedCodes(): string[] {
  const guide = readFileSync('docs/graphql.md', 'utf8');
  const start = guide.indexOf('\n## Error codes\n');
  expect(start, 'docs/graphql.md has the section "Error codes"').toBeGreaterThan(0);
  const end = guide.indexOf('\n## ', start + 1);
  const section = guide.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^\| `([A-Z][A-Z_]+)` \|/gm)].map((match) => match[1]!);
}

describe('documented error codes', () => {
  it('finds the codes the server emits', () => {
    const codes = emittedCodes();
    for (const code of ['BAD_USER_INPUT', 'NOT_FOUND', 'AWS_CREDENTIALS_MISSING', 'LIMIT_EXCEEDED', 'NOT_ACCEPTABLE', 'PARTIAL', 'UNAUTHENTICATED']) expect(codes).toContain(code);
  });

  it('documents every one of them in the codes table, each in one row', () => {
    const documented = documentedCodes();
    expect([...emittedCodes()].filter((code) => !documented.includes(code)).sort()).toEqual([]);
    expect(documented.filter((code, index) => documented.indexOf(code) !== index)).toEqual([]);
  });
});
