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
  /** The vendor refused a step met while resolving a field (the field is null); `extensions.reason` says why. */
  VENDOR_REFUSED = 'VENDOR_REFUSED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/**
 * Makes an error that reports an expected outcome (a refusal met on a field, say) without a stack trace. Nobody reads
 * those stacks: they are never answered, and logged only for unexpected errors. Capturing one, and formatting it when
 * graphql-js locates the field error, was most of the cost of an answer that carries many such errors.
 */
export function withoutStack<E extends Error>(make: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
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

/**
 * The shared store (Redis) did not answer, or a write that must survive a failover was not confirmed by a replica
 * in time. Nothing is known to have been placed at a vendor because of this request; retry shortly.
 */
export class StoreUnavailableError extends GraphQLError {
  constructor(readonly detail?: string) {
    super('The order store is unavailable; try again shortly', { extensions: { code: ErrorCode.STORE_UNAVAILABLE } });
  }
}

/** This caller is over its fair share (vendor writes per window, or operations at once); retry after the hint. */
export class RateLimitedError extends GraphQLError {
  constructor(message: string, retryAfterSeconds: number) {
    super(message, { extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds, http: { status: 429 } } });
  }
}

/** Whether and when a client may send the same request again. `retryAfterSeconds` is null when it may not. */
export interface RetryHint {
  retryable: boolean;
  retryAfterSeconds: number | null;
}

const never: RetryHint = { retryable: false, retryAfterSeconds: null };
const after = (seconds: number): RetryHint => ({ retryable: true, retryAfterSeconds: seconds });

/**
 * One rule per GraphQL error code. Typed over the whole enum, so a new code does not compile without its rule.
 * Retrying a submit or return is always with the same idempotency key: that is what makes it safe.
 */
const ERROR_CODE_RETRY: Record<ErrorCode, RetryHint> = {
  [ErrorCode.BAD_USER_INPUT]: never,
  [ErrorCode.UNAUTHENTICATED]: never,
  // The circuit breaker probes again after about five seconds.
  [ErrorCode.VENDOR_UNAVAILABLE]: after(5),
  [ErrorCode.VENDOR_TIMEOUT]: after(2),
  // The vendor's own Retry-After, when it sent one, is on the error and wins over this.
  [ErrorCode.VENDOR_RATE_LIMITED]: after(10),
  // An answer that could not be read will not read better on the next attempt.
  [ErrorCode.VENDOR_BAD_RESPONSE]: never,
  [ErrorCode.VENDOR_NOT_ENABLED]: never,
  // Credentials the vendor refused stay refused until an operator fixes them.
  [ErrorCode.VENDOR_AUTH_FAILED]: never,
  // A refusal met while resolving a field is the vendor's answer: the same request gets the same refusal.
  [ErrorCode.VENDOR_REFUSED]: never,
  // A Redis failover takes a few seconds.
  [ErrorCode.STORE_UNAVAILABLE]: after(2),
  // The error carries its own figure (the end of the caller's window); this is the floor.
  [ErrorCode.RATE_LIMITED]: after(1),
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: never,
  [ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS]: after(1),
  [ErrorCode.INTERNAL_SERVER_ERROR]: never,
};

/** Rules for the codes that Apollo Server raises and for the userError codes. */
const OTHER_CODE_RETRY: Record<string, RetryHint> = {
  GRAPHQL_PARSE_FAILED: never,
  GRAPHQL_VALIDATION_FAILED: never,
  BAD_REQUEST: never,
  // Send the same request again at once, with the full query text.
  PERSISTED_QUERY_NOT_FOUND: after(0),
  PERSISTED_QUERY_NOT_SUPPORTED: never,
  OPERATION_RESOLUTION_FAILURE: never,
  CART_NOT_FOUND: never,
  ITEM_NOT_FOUND: never,
  ORDER_NOT_FOUND: never,
  CUSTOMER_NOT_FOUND: never,
  OFFERING_NOT_FOUND: never,
  PRODUCT_NOT_FOUND: never,
  CART_NOT_EDITABLE: never,
  CART_EMPTY: never,
  TERMS_NOT_ACCEPTED: never,
  APPOINTMENT_REQUIRED: never,
  PAYMENT_REFUSED: never,
  INVALID_FIELD: never,
  NOT_SUPPORTED_BY_VENDOR: never,
  VENDOR_REFUSED: never,
  // The placement may have reached the vendor: the same key reconciles with the vendor before anything is resent.
  VENDOR_OUTCOME_UNKNOWN: after(5),
};

/** True when `code` has a rule of its own (rather than the default "do not retry"). */
export function hasRetryRule(code: string): boolean {
  return code in ERROR_CODE_RETRY || code in OTHER_CODE_RETRY;
}

/**
 * Whether and when to retry after an error or userError with this code: one rule per code (the README's code table
 * shows them). An unknown code is not retryable.
 */
export function retryHint(code: string): RetryHint {
  return (ERROR_CODE_RETRY as Record<string, RetryHint>)[code] ?? OTHER_CODE_RETRY[code] ?? never;
}
