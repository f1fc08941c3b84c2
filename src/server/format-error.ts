import { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../common/errors';
import { redactClientText } from './client-text';

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

/** Apollo Server's messages for a persisted-query hash that is not the SHA-256 of its query, and for a version it lacks. */
const APQ_REFUSALS = new Set(['provided sha does not match query', 'Unsupported persisted query version']);

/** The generic message of a masked error. */
export const MASKED_MESSAGE = 'Internal server error';

/**
 * Removes what must never be echoed: client text that is not a GraphQL name (values quoted back by input coercion,
 * an unknown operation name, parser tokens), and card numbers.
 */
export function scrubMessage(message: string): string {
  return redactClientText(message);
}

/**
 * Masks errors for the client: deliberate errors keep their code and message (scrubbed, so no input value or card
 * number is echoed); anything else becomes INTERNAL_SERVER_ERROR with a generic message (the logging plugin adds
 * the request id).
 */
export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const raw = formatted.extensions?.code;
  let code = typeof raw === 'string' ? raw : '';
  // Apollo Server raises these APQ refusals (HTTP 400) without a code: they are the client's fault, not internal ones.
  if (APQ_REFUSALS.has(formatted.message)) {
    code = 'BAD_REQUEST';
    formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
  }
  if (PUBLIC_CODES.has(code)) {
    const extensions = { ...formatted.extensions };
    delete extensions.stacktrace;
    return { ...formatted, message: scrubMessage(formatted.message), extensions };
  }
  return { message: MASKED_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}
