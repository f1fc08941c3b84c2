import { GraphQLError } from 'graphql';
import { ErrorCode, VendorFaultError, withoutStack } from '../common/errors';
import { VendorCallError } from '../http/vendor-call-error';
import { VendorRefusal } from '../vendors/vendor-adapter';

const CODES = {
  unavailable: ErrorCode.VENDOR_UNAVAILABLE,
  timeout: ErrorCode.VENDOR_TIMEOUT,
  rate_limited: ErrorCode.VENDOR_RATE_LIMITED,
  bad_response: ErrorCode.VENDOR_BAD_RESPONSE,
  auth_failed: ErrorCode.VENDOR_AUTH_FAILED,
} as const;

const MESSAGES = {
  unavailable: 'is unavailable; try again shortly',
  timeout: 'did not answer in time',
  rate_limited: 'is throttling requests; try again later',
  bad_response: 'sent an answer that could not be read',
  auth_failed: "refused this subgraph's credentials (not retryable): check",
} as const;

/**
 * Turns a vendor call failure into the GraphQL error a client sees: a stable code and the vendor's name, nothing
 * from the vendor's body, host or stack. Anything else passes through unchanged (and is masked later if unexpected).
 */
export function toClientError(error: unknown): unknown {
  if (error instanceof VendorCallError) {
    if (error.kind === 'auth_failed') {
      // Names the variables to check, never their values; not retryable: the same credentials fail the same way.
      const variables = error.credentialVariables.length ? error.credentialVariables.join(', ') : 'its credentials';
      return new VendorFaultError(CODES.auth_failed, error.vendor, `${error.vendor} ${MESSAGES.auth_failed} ${variables}`, error.detail, {
        retryable: false,
        variables: [...error.credentialVariables],
      });
    }
    return new VendorFaultError(CODES[error.kind], error.vendor, `${error.vendor} ${MESSAGES[error.kind]}`, error.detail);
  }
  return error;
}

/**
 * For reads met while resolving a field (a cart, an order, a list, checkout options): a vendor refusal becomes the
 * typed error VENDOR_REFUSED (the field is null; `reason` is the user-error code, `vendorCode` the vendor's), never a
 * masked INTERNAL_SERVER_ERROR; anything else as `toClientError`.
 */
export function toFieldError(error: unknown): unknown {
  if (error instanceof VendorRefusal) {
    const first = error.userErrors[0];
    // An expected outcome, often met once per alias: no stack trace to capture and format (see `withoutStack`).
    return withoutStack(
      () =>
        new GraphQLError(first?.message ?? 'The vendor refused the request', {
          extensions: { code: ErrorCode.VENDOR_REFUSED, reason: first?.code ?? ErrorCode.VENDOR_REFUSED, vendorCode: first?.vendorCode ?? null },
        }),
    );
  }
  return toClientError(error);
}

/** Runs a read met while resolving a field and translates its failures with `toFieldError`. */
export async function readStep<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toFieldError(error);
  }
}

/** Runs a vendor-facing step and translates its failures with `toClientError`. */
export async function vendorStep<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toClientError(error);
  }
}
