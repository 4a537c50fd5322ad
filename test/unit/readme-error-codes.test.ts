// The README lists every extensions.code the server emits: each code written in src/ (the ErrorCode
// union, gatewayError('X'), `code: 'X'` literals) appears in README.md as `X`.
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

describe('README error codes', () => {
  it('finds the codes the server emits', () => {
    const codes = emittedCodes();
    for (const code of ['BAD_USER_INPUT', 'NOT_FOUND', 'AWS_CREDENTIALS_MISSING', 'LIMIT_EXCEEDED', 'NOT_ACCEPTABLE', 'PARTIAL', 'UNAUTHENTICATED']) expect(codes).toContain(code);
  });

  it('documents every one of them', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect([...emittedCodes()].filter((code) => !readme.includes(`\`${code}\``)).sort()).toEqual([]);
  });
});
