// "Did you mean ...?": the known names closest to a mistyped one, for errors that name the right one.
// graphql's own suggestion list (lexical distance with a relative threshold), as its validator uses.
import { suggestionList } from 'graphql/jsutils/suggestionList.js';

/** Up to `max` of `known` that are close to `input`, closest first. */
export function closestNames(input: string, known: Iterable<string>, max = 3): string[] {
  return suggestionList(input, [...known]).slice(0, max);
}

/** ` did you mean "a" or "b"?` (with a leading space), or '' when nothing is close. */
export function didYouMean(input: string, known: Iterable<string>): string {
  const names = closestNames(input, known);
  if (names.length === 0) return '';
  const quoted = names.map((name) => `"${name}"`);
  return ` did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`}?`;
}
