// The depth guard of a GraphQL operation, aware of recursive fields: a field whose type is its
// parent's own type (Span.children) walks a tree whose depth is the data's, not the API's, so each
// step down it counts against `maxTreeDepth` instead of `maxDepth`. A real 11-level X-Ray trace is
// then fetchable as nested `rootSpans { children { children ... } } }` under the default limits.
// Fragments add no depth of their own: only fields do. Refusals carry `extensions.code`.
import {
  GraphQLError,
  Kind,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LIMIT_EXCEEDED } from '../schema/graphql-errors.ts';

export interface QueryDepthLimitOptions {
  /** Nesting of fields, recursive steps not counted (`limits.max_depth`). */
  maxDepth: number;
  /** Steps down one recursive field such as Span.children (`limits.max_tree_depth`). */
  maxTreeDepth: number;
}

interface Depth {
  fields: number;
  tree: number;
}

const deeper = (a: Depth, b: Depth): Depth => ({ fields: Math.max(a.fields, b.fields), tree: Math.max(a.tree, b.tree) });

export function queryDepthRule(options: QueryDepthLimitOptions): ValidationRule {
  return (context: ValidationContext) => {
    const schema = context.getSchema();
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }

    const measure = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType | undefined, at: Depth, spreading: ReadonlySet<string>): Depth => {
      let result = at;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue; // introspection costs no AWS work
          const field = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[selection.name.value] : undefined;
          const type: GraphQLNamedType | undefined = field ? getNamedType(field.type) : undefined;
          const recursive = type !== undefined && parent !== undefined && type.name === parent.name;
          const next: Depth = recursive ? { fields: at.fields, tree: at.tree + 1 } : { fields: at.fields + 1, tree: at.tree };
          result = deeper(result, next);
          if (selection.selectionSet) result = deeper(result, measure(selection.selectionSet, type && isCompositeType(type) ? type : undefined, next, spreading));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
          result = deeper(result, measure(selection.selectionSet, condition && isCompositeType(condition) ? condition : parent, at, spreading));
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || spreading.has(name)) continue; // unknown or cyclic: other rules report it
          const condition = schema.getType(fragment.typeCondition.name.value);
          result = deeper(result, measure(fragment.selectionSet, condition && isCompositeType(condition) ? condition : parent, at, new Set([...spreading, name])));
        }
      }
      return result;
    };

    return {
      OperationDefinition(operation) {
        const root = schema.getRootType(operation.operation) ?? undefined;
        const depth = measure(operation.selectionSet, root, { fields: 0, tree: 0 }, new Set());
        if (depth.fields > options.maxDepth) {
          context.reportError(
            new GraphQLError(`query depth ${depth.fields} exceeds the limit of ${options.maxDepth} (limits.max_depth); recursive fields such as Span.children do not count towards it`, {
              nodes: [operation],
              extensions: { code: LIMIT_EXCEEDED, limit: 'limits.max_depth', max: options.maxDepth, found: depth.fields },
            }),
          );
        }
        if (depth.tree > options.maxTreeDepth) {
          context.reportError(
            new GraphQLError(`${depth.tree} nested steps down a recursive field (e.g. Span.children) exceed the limit of ${options.maxTreeDepth} (limits.max_tree_depth); Trace.spans lists every span flat with its parentId`, {
              nodes: [operation],
              extensions: { code: LIMIT_EXCEEDED, limit: 'limits.max_tree_depth', max: options.maxTreeDepth, found: depth.tree },
            }),
          );
        }
        return false;
      },
    };
  };
}

export function useQueryDepthLimit(options: QueryDepthLimitOptions): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(queryDepthRule(options));
    },
  };
}
