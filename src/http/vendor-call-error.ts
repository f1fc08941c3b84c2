/** Why a vendor call failed, independent of the vendor. The service turns each kind into a GraphQL error code. */
export type VendorCallErrorKind =
  | 'unavailable' // refused, reset, DNS, 5xx after retries, circuit open, bulkhead full
  | 'timeout' // connect, headers or overall deadline passed
  | 'rate_limited' // 429 that could not be waited out within the deadline
  | 'bad_response' // not JSON, wrong content type, truncated, too large, redirect, wrong shape
  | 'auth_failed'; // the vendor refused this subgraph's own credentials: configuration, not a transient fault

/**
 * A vendor call that produced no usable answer. `maybeCommitted` is true when the request may have reached the
 * vendor and been acted on (a write whose outcome is unknown): such a write must be reconciled, never blindly
 * repeated. `detail` is for logs only and may hold vendor text; it never reaches a client.
 */
export class VendorCallError extends Error {
  constructor(
    readonly kind: VendorCallErrorKind,
    readonly vendor: string,
    readonly route: string,
    readonly maybeCommitted: boolean,
    readonly detail: string,
    readonly status?: number,
    /** For `auth_failed`: the variables that hold the refused credentials (names only, never values). */
    readonly credentialVariables: readonly string[] = [],
  ) {
    super(`${vendor} ${route}: ${kind}`);
    this.name = 'VendorCallError';
  }
}
