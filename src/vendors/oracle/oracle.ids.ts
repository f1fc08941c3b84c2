/**
 * Which ids can be Oracle Commerce order ids, checked before any call. Always: letters and digits, `_` and `-`, at
 * most 40 characters. With `ORACLE_ASSUME_ID_PATTERNS`, the shape of the doc example `o90417` (README §3).
 */
const STRUCTURAL = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const EXAMPLE_SHAPE = /^o\d+$/;

export function isPlausibleOracleId(id: string, assumePatterns: boolean): boolean {
  return STRUCTURAL.test(id) && (!assumePatterns || EXAMPLE_SHAPE.test(id));
}
