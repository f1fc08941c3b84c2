import { ExecutionResult, getVariableValues, GraphQLSchema, OperationDefinitionNode } from 'graphql';

/**
 * graphql-jit words a variable that does not coerce in errors of its own, which Apollo Server would not recognise as
 * BAD_USER_INPUT (it would mask them as internal errors). Such a result has no data, since nothing ran: its errors are
 * replaced by graphql-js's own for the same variables, which Apollo Server answers with 400 and BAD_USER_INPUT.
 */
export function withCoercionErrors(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  result: ExecutionResult,
): ExecutionResult {
  if (result.data !== undefined || !result.errors?.length) return result;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 50 });
  return coerced.errors ? { errors: coerced.errors } : result;
}
