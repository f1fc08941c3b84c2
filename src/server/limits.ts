import {
  ASTVisitor,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  OperationDefinitionNode,
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
  maxExpandedFields: 500,
};

/**
 * Bounds checked on the parsed document before GraphQL validation runs: validation's overlapping-fields rule compares
 * the fields that share a response name pairwise, so its cost grows with the square of these counts.
 */
export interface ShapeLimits {
  /** Fields one selection set collects, its fragments' fields included. */
  maxFieldsPerSelectionSet: number;
  /** Fields of one selection set (fragments included) that share a response name. */
  maxSameResponseName: number;
  /** Fragment definitions in the document. */
  maxFragments: number;
}

export const DEFAULT_SHAPE_LIMITS: ShapeLimits = {
  maxFieldsPerSelectionSet: 100,
  maxSameResponseName: 8,
  maxFragments: 50,
};

/** A document whose expanded field count is above this is expensive: admission control runs few at a time. */
export const EXPENSIVE_FIELDS = 150;

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

/** The fields one selection set collects, through inline fragments and fragment spreads (each fragment once). */
function collectFields(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
  into: Map<string, number>,
  limit: number,
  counted: { n: number },
): void {
  for (const selection of set.selections) {
    if (counted.n > limit) return;
    if (selection.kind === Kind.FIELD) {
      const name = selection.alias?.value ?? selection.name.value;
      into.set(name, (into.get(name) ?? 0) + 1);
      counted.n++;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectFields(selection.selectionSet, fragments, seen, into, limit, counted);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(selection.name.value)) continue;
      seen.add(selection.name.value);
      collectFields(fragment.selectionSet, fragments, seen, into, limit, counted);
    }
  }
}

/**
 * Checks the parsed document against ShapeLimits in one linear pass, before validation: the message of the first
 * limit broken, or null. It names limits and counts only, never the document's text.
 */
export function checkDocumentShape(document: DocumentNode, limits: ShapeLimits = DEFAULT_SHAPE_LIMITS): string | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  if (fragments.size > limits.maxFragments) return `Too many fragments: ${fragments.size} (at most ${limits.maxFragments})`;
  const sets: SelectionSetNode[] = [];
  for (const def of document.definitions) if (def.kind === Kind.OPERATION_DEFINITION || def.kind === Kind.FRAGMENT_DEFINITION) sets.push(def.selectionSet);
  while (sets.length) {
    const set = sets.pop()!;
    const byName = new Map<string, number>();
    const counted = { n: 0 };
    collectFields(set, fragments, new Set(), byName, limits.maxFieldsPerSelectionSet, counted);
    if (counted.n > limits.maxFieldsPerSelectionSet) {
      return `Too many fields in one selection set: over ${limits.maxFieldsPerSelectionSet}, fragments included`;
    }
    for (const count of byName.values()) {
      if (count > limits.maxSameResponseName)
        return `Too many fields with the same response name in one selection set: ${count} (at most ${limits.maxSameResponseName})`;
    }
    for (const selection of set.selections) if (selection.kind !== Kind.FRAGMENT_SPREAD && selection.selectionSet) sets.push(selection.selectionSet);
  }
  return null;
}

const expandedByDocument = new WeakMap<DocumentNode, Map<string, number>>();

/**
 * What the executor would run for one operation: every field counted, aliases and same-name fields separately,
 * each fragment expanded at each use (memoized per document, which Apollo Server reuses for a repeated operation).
 */
export function expandedFieldCount(document: DocumentNode, operation: OperationDefinitionNode, limit = DEFAULT_LIMITS.maxExpandedFields * 2): number {
  const key = operation.name?.value ?? '';
  let known = expandedByDocument.get(document);
  const cached = known?.get(key);
  if (cached !== undefined) return cached;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const { fields } = measure(operation.selectionSet, fragments, new Map(), new Set(), limit);
  if (!known) expandedByDocument.set(document, (known = new Map<string, number>()));
  known.set(key, fields);
  return fields;
}
