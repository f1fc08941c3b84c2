import { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../common/errors';
import { containsCardNumber } from '../common/validation/card-number';

/** Codes that a client may see with their own message. Everything else is masked. */
const PUBLIC_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** The generic message of a masked error. */
export const MASKED_MESSAGE = 'Internal server error';

/** Removes what must never be echoed: values quoted back by GraphQL's input coercion, and card numbers. */
export function scrubMessage(message: string): string {
  const withoutValues = message.replace(/got invalid value .*?(;|$)/s, 'got invalid value$1');
  return containsCardNumber(withoutValues) ? withoutValues.replace(/(?:\d[ -]?){13,19}/g, '[redacted]') : withoutValues;
}

/**
 * Masks errors for the client: deliberate errors keep their code and message (scrubbed, so no input value or card
 * number is echoed); anything else becomes INTERNAL_SERVER_ERROR with a generic message (the logging plugin adds
 * the request id).
 */
export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const raw = formatted.extensions?.code;
  const code = typeof raw === 'string' ? raw : '';
  if (PUBLIC_CODES.has(code)) {
    const { stacktrace: _stack, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, message: scrubMessage(formatted.message), extensions };
  }
  return { message: MASKED_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}
