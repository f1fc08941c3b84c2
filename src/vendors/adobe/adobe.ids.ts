/**
 * Which order ids can be Adobe's, checked before any call. Always (in `adobe.mapping`): letters, digits and `-`, at
 * most 40 characters. With `ADOBE_ASSUME_ID_PATTERNS`, also the shape of the doc example (`"orderId": "0123456789"`,
 * README §4): digits only, derived from a single example.
 */
const DIGITS = /^\d{1,40}$/;

export function isPlausibleAdobeOrderId(orderId: string, assumePatterns: boolean): boolean {
  return !assumePatterns || DIGITS.test(orderId);
}
