/**
 * Which ids can be AT&T's, checked before any call. Always: letters, digits, `.`, `_`, `-`, at most 64 characters
 * (what the partner examples and TMF ids use). With `ATT_ASSUME_ID_PATTERNS`, also the shapes of the doc examples,
 * each derived from single examples (README §1.1, §1.2): UUID-v1-like cart ids, and `NN-<14 digits>` (the older
 * create-order answer `{"id": "26-46236265737394"}` and the express-submit `customerOrderId`). Order ids are assumed
 * to take one of the same two shapes.
 */
const STRUCTURAL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORDER_NUMBER = /^\d{2}-\d{14}$/;

export function isPlausibleAttId(id: string, assumePatterns: boolean): boolean {
  return STRUCTURAL.test(id) && (!assumePatterns || UUID.test(id) || ORDER_NUMBER.test(id));
}
