import { GraphQLError } from 'graphql';

/**
 * Every `extensions.code` this subgraph can put on a GraphQL error. Clients switch on these, so they never change
 * meaning; the README lists them with their causes.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  VENDOR_UNAVAILABLE = 'VENDOR_UNAVAILABLE',
  VENDOR_TIMEOUT = 'VENDOR_TIMEOUT',
  VENDOR_RATE_LIMITED = 'VENDOR_RATE_LIMITED',
  VENDOR_BAD_RESPONSE = 'VENDOR_BAD_RESPONSE',
  VENDOR_NOT_ENABLED = 'VENDOR_NOT_ENABLED',
  VENDOR_AUTH_FAILED = 'VENDOR_AUTH_FAILED',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_KEY_IN_PROGRESS = 'IDEMPOTENCY_KEY_IN_PROGRESS',
  STORE_UNAVAILABLE = 'STORE_UNAVAILABLE',
  RATE_LIMITED = 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** Bad input caught before any vendor call. `field` is the path of the offending argument or input field. */
export class BadUserInputError extends GraphQLError {
  constructor(message: string, field?: readonly (string | number)[]) {
    super(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...(field ? { field: field.map(String) } : {}) } });
  }
}

/** A request header with a value this subgraph will not accept (or copy into a vendor header): HTTP 400. */
export class BadHeaderError extends GraphQLError {
  constructor(header: string, rule: string) {
    super(`${header} ${rule}`, { extensions: { code: ErrorCode.BAD_USER_INPUT, field: [header], http: { status: 400 } } });
  }
}

/** The caller could not be authenticated (router secret missing or wrong). */
export class UnauthenticatedError extends GraphQLError {
  constructor(message = 'Request is not authenticated') {
    super(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
  }
}

/**
 * A vendor fault (not a refusal): the vendor could not be reached, was too slow, throttled us or answered something
 * unusable. The message names the vendor only: never a host, port, vendor body or stack.
 */
export class VendorFaultError extends GraphQLError {
  constructor(
    code:
      ErrorCode.VENDOR_UNAVAILABLE | ErrorCode.VENDOR_TIMEOUT | ErrorCode.VENDOR_RATE_LIMITED | ErrorCode.VENDOR_BAD_RESPONSE | ErrorCode.VENDOR_AUTH_FAILED,
    vendor: string,
    message: string,
    readonly detail?: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, vendor, ...extra } });
  }
}

/** The vendor is compiled in but left out of `VENDORS` on this deployment: nothing is sent anywhere. */
export class VendorNotEnabledError extends GraphQLError {
  constructor(vendorLabel: string, field?: readonly string[]) {
    super(`${vendorLabel} is not enabled on this deployment`, {
      extensions: { code: ErrorCode.VENDOR_NOT_ENABLED, ...(field ? { field: [...field] } : {}) },
    });
  }
}

/** The idempotency key was used before with a different request. */
export class IdempotencyKeyReusedError extends GraphQLError {
  constructor() {
    super('This idempotency key was already used with a different request', {
      extensions: { code: ErrorCode.IDEMPOTENCY_KEY_REUSED },
    });
  }
}

/** A request with the same idempotency key is still running; retry later for its result. */
export class IdempotencyKeyInProgressError extends GraphQLError {
  constructor() {
    super('A request with this idempotency key is still in progress', {
      extensions: { code: ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS },
    });
  }
}
