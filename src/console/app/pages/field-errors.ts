// A field the API answered with null carries its error at its path: show that error, not a blank.
import { h } from '../dom.ts';
import type { GraphQLErrorItem } from '../graphql-client.ts';

export function errorsAt(errors: ReadonlyArray<GraphQLErrorItem>, path: ReadonlyArray<string | number>): GraphQLErrorItem[] {
  return errors.filter((error) => error.path && path.every((key, index) => error.path![index] === key));
}

export function fieldError(errors: ReadonlyArray<GraphQLErrorItem>, fallback: string): HTMLElement {
  const first = errors[0];
  const code = first?.extensions?.['code'];
  return h('span', { class: 'field-error', role: 'note' }, first ? `${typeof code === 'string' ? `${code}: ` : ''}${first.message}` : fallback);
}
