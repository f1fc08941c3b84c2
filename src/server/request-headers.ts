import { randomUUID } from 'node:crypto';
import { containsEmbeddedCardNumber } from '../common/validation/card-number';

/** What a request id may be: short, plain and safe to copy into response headers, logs and vendor trace headers. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** W3C Trace Context `traceparent`, version 00, lower-case hex, ids not all zero. */
const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;
/** W3C `tracestate`: list members of printable ASCII without spaces or commas inside keys. */
const TRACESTATE = /^[\x20-\x2b\x2d-\x7e]{1,256}(,[\x20-\x2b\x2d-\x7e]{1,256}){0,31}$/;
/** Values copied into a vendor's request headers (Oracle's site and organization ids). */
export const VENDOR_HEADER_VALUE = /^[A-Za-z0-9_-]{1,64}$/;

/** The request's single value of a header; a repeated header counts as absent-and-bad (undefined, flagged). */
export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

/**
 * The id of this request: the caller's `x-request-id` when it passes the allow-list and holds no card number,
 * otherwise a generated one. Whatever the caller sent is never echoed, logged or forwarded unless it passed.
 */
export function requestIdFrom(value: string | string[] | undefined): { id: string; replaced: boolean } {
  const given = single(value);
  if (given !== undefined && REQUEST_ID.test(given) && !containsEmbeddedCardNumber(given)) return { id: given, replaced: false };
  return { id: randomUUID(), replaced: value !== undefined };
}

/** The router's `traceparent` when it is well-formed and carries nothing card-like; undefined starts a new trace. */
export function traceparentFrom(value: string | string[] | undefined): string | undefined {
  const given = single(value);
  return given !== undefined && TRACEPARENT.test(given) && !containsEmbeddedCardNumber(given) ? given : undefined;
}

/** `tracestate` when well-formed and free of card numbers; undefined otherwise. */
export function tracestateFrom(value: string | string[] | undefined): string | undefined {
  const given = single(value);
  return given !== undefined && TRACESTATE.test(given) && !containsEmbeddedCardNumber(given) ? given : undefined;
}

/** True when a value may be copied into a vendor request header. */
export function isForwardableHeaderValue(value: string): boolean {
  return VENDOR_HEADER_VALUE.test(value) && !containsEmbeddedCardNumber(value);
}
