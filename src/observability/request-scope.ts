import { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, Kind, OperationDefinitionNode } from 'graphql';
import { RequestContext } from '../context';
import { idempotencyKeyHash } from '../common/key-hash';
import { VendorCallScope } from '../http/vendor-http';

/**
 * What a vendor call made on behalf of a GraphQL operation knows about that operation. One object per request, made
 * by the context factory and handed to the adapters in their call context (the audit trail and tolerant reading of
 * the answers read it from there); this plugin fills in the operation.
 */
export type RequestScope = VendorCallScope;

export { idempotencyKeyHash };

/** Where an `idempotencyKey` argument takes its value: a variable, or a string literal. */
type KeySource = { variable: string } | { literal: string };

/** What describeOperation reads of an operation, which does not depend on the variables. */
interface OperationShape {
  fields: string[];
  /** Every `idempotencyKey` argument of the root fields, in document order. */
  keySources: KeySource[];
}

/** Apollo Server reuses the parsed document of a repeated operation, so its shape is read once per operation node. */
const shapes = new WeakMap<OperationDefinitionNode, OperationShape>();

function shapeOf(operation: OperationDefinitionNode, document: DocumentNode): OperationShape {
  const known = shapes.get(operation);
  if (known) return known;
  const shape: OperationShape = { fields: [], keySources: [] };
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const visit = (selections: OperationDefinitionNode['selectionSet']['selections'], seen: Set<string>): void => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__typename') continue;
        shape.fields.push(selection.name.value);
        const arg = selection.arguments?.find((a) => a.name.value === 'idempotencyKey');
        if (arg?.value.kind === Kind.VARIABLE) shape.keySources.push({ variable: arg.value.name.value });
        else if (arg?.value.kind === Kind.STRING) shape.keySources.push({ literal: arg.value.value });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet.selections, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) visit(fragment.selectionSet.selections, new Set([...seen, fragment.name.value]));
      }
    }
  };
  visit(operation.selectionSet.selections, new Set());
  shapes.set(operation, shape);
  return shape;
}

/** The root field names of an operation and the first `idempotencyKey` argument's value. */
export function describeOperation(
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): { fields: string[]; idempotencyKey?: string } {
  const { fields, keySources } = shapeOf(operation, document);
  for (const source of keySources) {
    const value = 'literal' in source ? source.literal : variables?.[source.variable];
    if (typeof value === 'string') return { fields: [...fields], idempotencyKey: value };
  }
  return { fields: [...fields] };
}

/**
 * Fills in the request scope of every GraphQL operation (the context's `scope`, which the adapters pass with each
 * vendor call), so that the vendor HTTP client's hooks (the audit trail) and the tolerant reading of answers know
 * which request, caller, operation and idempotency key a call belongs to.
 */
export function requestScopePlugin(hooks: Pick<RequestScope, 'onAnswerPartDropped'> = {}): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart({ contextValue }) {
      if (hooks.onAnswerPartDropped) contextValue.scope.onAnswerPartDropped = hooks.onAnswerPartDropped;
      return Promise.resolve({
        didResolveOperation({ operation, document, request, operationName, contextValue }) {
          if (!operation) return Promise.resolve();
          const current = contextValue.scope;
          const { fields, idempotencyKey } = describeOperation(operation, document, request.variables);
          current.operation = fields.join(',');
          current.operationName = operationName ?? undefined;
          if (idempotencyKey !== undefined) current.keyHash = idempotencyKeyHash(contextValue.callerId, idempotencyKey);
          return Promise.resolve();
        },
      });
    },
  };
}
