/**
 * Which ids can be AT&T's, checked before any call. Always: letters, digits, `.`, `_`, `-`, at most 64 characters
 * (what the partner examples and TMF ids use). With `ATT_ASSUME_ID_PATTERNS`, also the shapes of the doc examples
 * (README §1.2: cart ids UUID-v1-like; order ids are assumed to look the same), derived from single examples.
 */
const STRUCTURAL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isPlausibleAttId(id: string, assumePatterns: boolean): boolean {
  return STRUCTURAL.test(id) && (!assumePatterns || UUID.test(id));
}
