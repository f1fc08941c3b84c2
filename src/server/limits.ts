import {
  ASTVisitor,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  OperationTypeNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';

/** Bounds on one GraphQL document, checked at validation so that no resolver runs for a refused one. */
export interface OperationLimits {
  /** Deepest field nesting, fragments expanded (introspection fields excluded). */
  maxDepth: number;
  /** Aliased fields in the whole document. */
  maxAliases: number;
  /** Root fields of a query (each may cost a vendor call). */
  maxQueryRootFields: number;
  /** Root fields of a mutation (each is a vendor write). */
  maxMutationRootFields: number;
  /** Fields selected once every fragment spread is expanded: bounds fragment fan-out. */
  maxExpandedFields: number;
}

export const DEFAULT_LIMITS: OperationLimits = {
  maxDepth: 15,
  maxAliases: 30,
  maxQueryRootFields: 25,
  maxMutationRootFields: 5,
  maxExpandedFields: 2000,
};

/** Most tokens the parser reads before giving up: bounds a token flood before validation even starts. */
export const MAX_TOKENS = 5000;

/** Most `_entities` representations one request may carry. */
export const MAX_REPRESENTATIONS = 200;

interface Measure {
  depth: number;
  fields: number;
}

function measure(
  selectionSet: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  memo: Map<string, Measure>,
  visiting: Set<string>,
  stopAt: number,
): Measure {
  if (!selectionSet) return { depth: 0, fields: 0 };
  let depth = 0;
  let fields = 0;
  for (const selection of selectionSet.selections) {
    if (fields > stopAt) break;
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const child = measure(selection.selectionSet, fragments, memo, visiting, stopAt);
      depth = Math.max(depth, 1 + child.depth);
      fields += 1 + child.fields;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const child = measure(selection.selectionSet, fragments, memo, visiting, stopAt);
      depth = Math.max(depth, child.depth);
      fields += child.fields;
    } else {
      const name = selection.name.value;
      let child = memo.get(name);
      if (!child) {
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue; // unknown or cyclic: other rules report it
        visiting.add(name);
        child = measure(fragment.selectionSet, fragments, memo, visiting, stopAt);
        visiting.delete(name);
        memo.set(name, child);
      }
      depth = Math.max(depth, child.depth);
      fields += child.fields;
    }
  }
  return { depth, fields };
}

function countAliases(document: DocumentNode): number {
  let aliases = 0;
  const walk = (set: SelectionSetNode | undefined): void => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD && s.alias) aliases++;
      if (s.kind !== Kind.FRAGMENT_SPREAD) walk(s.selectionSet);
    }
  };
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION || def.kind === Kind.FRAGMENT_DEFINITION) walk(def.selectionSet);
  }
  return aliases;
}

/**
 * A validation rule enforcing OperationLimits: depth, aliases, root fields and expanded field count (fragment
 * fan-out), each reported as a validation error naming the limit.
 */
export function operationLimitsRule(limits: OperationLimits = DEFAULT_LIMITS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    Document: {
      leave(document) {
        const fragments = new Map<string, FragmentDefinitionNode>();
        for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
        const aliases = countAliases(document);
        if (aliases > limits.maxAliases) {
          context.reportError(new GraphQLError(`Too many aliases: ${aliases} (at most ${limits.maxAliases})`));
        }
        const memo = new Map<string, Measure>();
        for (const def of document.definitions) {
          if (def.kind !== Kind.OPERATION_DEFINITION) continue;
          const roots = measure(def.selectionSet, fragments, memo, new Set(), limits.maxExpandedFields);
          const rootCount = def.selectionSet.selections.length;
          const maxRoots = def.operation === OperationTypeNode.MUTATION ? limits.maxMutationRootFields : limits.maxQueryRootFields;
          if (rootCount > maxRoots) {
            context.reportError(new GraphQLError(`Too many root fields: ${rootCount} (at most ${maxRoots} in a ${def.operation})`, { nodes: def }));
          }
          if (roots.depth > limits.maxDepth) {
            context.reportError(new GraphQLError(`Query too deep: depth ${roots.depth} (at most ${limits.maxDepth})`, { nodes: def }));
          }
          if (roots.fields > limits.maxExpandedFields) {
            context.reportError(new GraphQLError(`Query too large: over ${limits.maxExpandedFields} fields once fragments are expanded`, { nodes: def }));
          }
        }
      },
    },
  });
}
