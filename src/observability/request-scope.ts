import { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, Kind, OperationDefinitionNode } from 'graphql';
import { RequestContext } from '../context';
import { idempotencyKeyHash } from '../common/key-hash';
import { VendorCallScope } from '../http/vendor-http';

/**
 * What a vendor call made on behalf of a GraphQL operation knows about that operation. One object per request, made
 * by the context factory and handed to the adapters in their call context; this plugin fills in the operation.
 */
export type RequestScope = VendorCallScope;

export { idempotencyKeyHash };

/** The root field names of an operation and the first `idempotencyKey` argument's value. */
export function describeOperation(
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): { fields: string[]; idempotencyKey?: string } {
  const fields: string[] = [];
  let idempotencyKey: string | undefined;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const visit = (selections: OperationDefinitionNode['selectionSet']['selections'], seen: Set<string>): void => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__typename') continue;
        fields.push(selection.name.value);
        const arg = selection.arguments?.find((a) => a.name.value === 'idempotencyKey');
        if (arg && idempotencyKey === undefined) {
          const value = arg.value.kind === Kind.VARIABLE ? variables?.[arg.value.name.value] : arg.value.kind === Kind.STRING ? arg.value.value : undefined;
          if (typeof value === 'string') idempotencyKey = value;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet.selections, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) visit(fragment.selectionSet.selections, new Set([...seen, fragment.name.value]));
      }
    }
  };
  visit(operation.selectionSet.selections, new Set());
  return { fields, idempotencyKey };
}

/**
 * Fills in the request scope of every GraphQL operation (the context's `scope`, which the adapters pass with each
 * vendor call), so that code without the request context (the vendor HTTP client's hooks: the audit trail) knows
 * which request, caller, operation and idempotency key a call belongs to.
 */
export function requestScopePlugin(): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart() {
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
