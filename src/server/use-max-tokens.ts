// Bounds a document before the recursive parser sees all of it: at most `limits.max_tokens` tokens
// (graphql-armor's counting parser) and brackets nested at most MAX_NESTING deep (a lexer pass
// that stops at the first excess). 10,000 nested braces or a list type 50,000 levels deep would
// otherwise overflow the parser's stack (HTTP 500) long before any depth rule runs.
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, Lexer, Source, TokenKind, type ParseOptions } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LIMIT_EXCEEDED } from '../schema/graphql-errors.ts';

/** Deeper than any real operation (limits.max_depth, max_tree_depth) and far from the stack's limit. */
export const MAX_NESTING = 256;

const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

export interface MaxTokensOptions {
  /** Tokens one document may have. */
  maxTokens: number;
}

function limitError(message: string, limit: string, max: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: LIMIT_EXCEEDED, limit, max, http: { status: 400 } } });
}

/** Throws when brackets nest deeper than MAX_NESTING; lexes at most `maxTokens` tokens. */
function checkNesting(source: string | Source, maxTokens: number): void {
  const lexer = new Lexer(typeof source === 'string' ? new Source(source) : source);
  let depth = 0;
  for (let count = 0; count <= maxTokens; count++) {
    let token;
    try {
      token = lexer.advance();
    } catch {
      return; // a syntax error: the parser reports it
    }
    if (token.kind === TokenKind.EOF) return;
    if (OPENING.has(token.kind) && ++depth > MAX_NESTING) throw limitError(`brackets nest deeper than ${MAX_NESTING} levels`, 'nesting', MAX_NESTING);
    if (CLOSING.has(token.kind)) depth--;
  }
}

export function useMaxTokens(options: MaxTokensOptions): Plugin {
  const refuse = (): never => {
    throw limitError(`the document has more than ${options.maxTokens} tokens (limits.max_tokens)`, 'limits.max_tokens', options.maxTokens);
  };
  const parse = (source: string | Source, parseOptions?: ParseOptions) => {
    checkNesting(source, options.maxTokens);
    return new MaxTokensParserWLexer(source, { ...parseOptions, n: options.maxTokens, exposeLimits: true, propagateOnRejection: false, onAccept: [], onReject: [refuse] } as never).parseDocument();
  };
  return {
    onParse({ setParseFn }) {
      setParseFn(parse);
    },
  };
}
