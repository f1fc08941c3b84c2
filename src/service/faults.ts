import { ErrorCode, VendorFaultError } from '../common/errors';
import { VendorCallError } from '../http/vendor-call-error';

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

/** Runs a vendor-facing step and translates its failures with `toClientError`. */
export async function vendorStep<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toClientError(error);
  }
}
