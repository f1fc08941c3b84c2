/**
 * The simulators' own card-number rule (a vendor receiving a full card number where it expects a token refuses it).
 * Kept apart from the product's rule on purpose: the simulators import nothing from `src/`, so a gap in one shows up
 * against the other.
 */
const ISSUERS: [RegExp, number[]][] = [
  [/^4/, [13, 16, 19]],
  [/^(5[1-5]|2[2-7])/, [16]],
  [/^3[47]/, [15]],
  [/^(6011|65|64[4-9])/, [16, 17, 18, 19]],
  [/^35/, [16, 17, 18, 19]],
  [/^3(0[0-5]|[68])/, [14, 15, 16, 17, 18, 19]],
];

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** True when a run of digits is shaped like a payment card number and passes the Luhn check. */
export function isCardNumber(digits: string): boolean {
  return ISSUERS.some(([prefix, lengths]) => prefix.test(digits) && lengths.includes(digits.length)) && luhn(digits);
}

/** True when text holds a card-like digit run, plain or grouped with spaces or dashes. */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(/(?:\d[ -]?){13,19}/g)) {
    if (isCardNumber(match[0].replace(/[ -]/g, ''))) return true;
  }
  return false;
}
