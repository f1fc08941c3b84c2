/** Printable text with no control characters (they could split a vendor header or a log line). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;
/** Vendor-side codes and references copied into bodies or headers. */
export const VENDOR_CODE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
/** Idempotency keys: long enough to be unique, short and plain enough to store and log. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{7,127}$/;
/** ISO 4217 currency code. */
export const CURRENCY_CODE = /^[A-Z]{3}$/;
