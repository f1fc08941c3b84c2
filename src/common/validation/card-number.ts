import { registerDecorator, ValidationOptions } from 'class-validator';

/** Luhn checksum over a digit string. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Card number shapes by issuer prefix and length (Visa, Mastercard, Amex, Discover, JCB, Diners). Other Luhn-checked
 * numbers that travel in orders, such as SIM ICCIDs (89…) and 15-digit IMEIs, do not match them.
 */
const CARD_SHAPES: [RegExp, number[]][] = [
  [/^4/, [13, 16, 19]],
  [/^(5[1-5]|2(2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/, [16]],
  [/^3[47]/, [15]],
  [/^(6011|65|64[4-9])/, [16, 17, 18, 19]],
  [/^35(2[89]|[3-8]\d)/, [16, 17, 18, 19]],
  [/^3(0[0-5]|[68])/, [14, 15, 16, 17, 18, 19]],
];

/** True when a digit string has a card issuer's prefix and length and passes the Luhn check. */
export function isCardNumber(digits: string): boolean {
  return CARD_SHAPES.some(([prefix, lengths]) => prefix.test(digits) && lengths.includes(digits.length)) && luhnValid(digits);
}

/**
 * How card numbers are grouped when they are written with separators (printed on cards, typed in forms). Only these
 * groupings count: a separator anywhere else (`41-36123456789012`, an order id) makes the digits something else.
 */
export const CARD_GROUPINGS: readonly (readonly number[])[] = [
  [4, 4, 5],
  [4, 3, 3, 3],
  [4, 6, 4],
  [4, 4, 6],
  [4, 6, 5],
  [4, 4, 4, 3],
  [4, 4, 4, 4],
  [4, 4, 4, 5],
  [4, 4, 4, 6],
  [4, 4, 4, 4, 3],
  [4, 4, 4, 7],
];
const GROUPING_KEYS = new Set(CARD_GROUPINGS.map((g) => g.join(',')));
const LONGEST_GROUPING = Math.max(...CARD_GROUPINGS.map((g) => g.length));

/** The separators that may stand between digit groups (after NFKC: no-break and full-width spaces become spaces). */
export const CARD_SEPARATORS = [' ', '-', '_', '.', '/', '\u00a0', '\u202f', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212'] as const;
const SEPARATOR_CLASS = '[ \\t\\-_./\\u00a0\\u202f\\u2010-\\u2015\\u2212]';
/** A run of digit groups joined by short separator runs; the optional `+` marks an E.164 phone number. */
const DIGIT_CHUNK = new RegExp(`(\\+?)(\\d+(?:${SEPARATOR_CLASS}{1,3}\\d+)*)`, 'g');
const SEPARATOR_RUN = new RegExp(`${SEPARATOR_CLASS}{1,3}`);
/**
 * Invisible characters that could hide a number from a scan: every format character (soft hyphen, zero-width spaces
 * and joiners, direction marks and isolates, invisible operators, BOM…) and the combining grapheme joiner.
 */
const INVISIBLE = /[\p{Cf}\u034f]/gu;
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;
const ANY_DIGIT = /\p{Nd}/u;
/** The most digits an E.164 number has: a `+` before no more than this many digits is a phone number, not a card. */
const E164_MAX_DIGITS = 15;

/** Maps a decimal digit of any script to ASCII (Unicode lays each script's digits out as a run of ten from zero). */
function asciiDigit(char: string): string {
  const cp = char.codePointAt(0)!;
  let zero = cp;
  while (zero > 0 && ANY_DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return String((cp - zero) % 10);
}

/**
 * The text as the scan reads it: NFKC (full-width digits and separators become ASCII, no-break spaces become
 * spaces), invisible characters dropped, and every other script's decimal digits mapped to ASCII.
 */
export function normalizeForCardScan(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(NON_ASCII_DIGIT, asciiDigit);
}

/**
 * The digits of the card number in one chunk of digit groups, or null when it holds none. `gluedBefore` and
 * `gluedAfter` say that a letter touches the chunk: its edge group is then part of a word (a UUID's `…c34e`
 * segment), not a group of a card number.
 */
function cardInChunk(plus: string, chunk: string, gluedBefore: boolean, gluedAfter: boolean): string | null {
  const groups = chunk.split(SEPARATOR_RUN);
  if (groups.length === 1) {
    if (plus && chunk.length <= E164_MAX_DIGITS) return null;
    return isCardNumber(chunk) ? chunk : null;
  }
  // A card number beside other numbers ("4111 1111 1111 1111 12/27"): every window of groups in a usual grouping,
  // and any group long enough on its own. 13 and 14 digits alone are left to order ids such as `NN-<14 digits>`.
  for (const group of groups) if (group.length >= 15 && isCardNumber(group)) return group;
  const first = gluedBefore ? 1 : 0;
  const last = gluedAfter ? groups.length - 1 : groups.length;
  for (let start = first; start < last; start++) {
    for (let end = start + 2; end <= Math.min(last, start + LONGEST_GROUPING); end++) {
      const window = groups.slice(start, end);
      if (!GROUPING_KEYS.has(window.map((g) => g.length).join(','))) continue;
      const digits = window.join('');
      if (isCardNumber(digits)) return digits;
    }
  }
  return null;
}

const LETTER = /\p{L}/u;

/** Whether a letter touches the chunk at `at` of `length` characters, before it and after it. */
function glued(text: string, at: number, length: number): [boolean, boolean] {
  return [at > 0 && LETTER.test(text[at - 1]), at + length < text.length && LETTER.test(text[at + length])];
}

/** Cheap pre-check: fewer than 13 digits of any script cannot hold a card number. */
function tooFewDigits(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length && digits < 13; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c > 127 && ANY_DIGIT.test(text[i]))) digits++;
  }
  return digits < 13;
}

/**
 * True when the text holds something that looks like a full payment card number: an issuer's prefix and length and
 * a valid Luhn check, written contiguously or in the usual digit groups separated by spaces, `-`, `_`, `.`, `/` or
 * no-break spaces, in any script's digits (full-width included). A number of at most 15 digits right after `+` is
 * read as an E.164 phone number. Card data is accepted only as a token or as brand and last four.
 */
export function containsCardNumber(text: string): boolean {
  if (tooFewDigits(text)) return false;
  const normalized = normalizeForCardScan(text);
  for (const match of normalized.matchAll(DIGIT_CHUNK)) {
    if (cardInChunk(match[1], match[2], ...glued(normalized, match.index, match[0].length))) return true;
  }
  return false;
}

/**
 * Stricter than containsCardNumber, for identifiers (request ids, trace ids, header values) where a false positive
 * costs nothing but a regenerated id: also finds a card number buried inside a longer run of digits.
 */
export function containsEmbeddedCardNumber(text: string): boolean {
  if (containsCardNumber(text)) return true;
  if (tooFewDigits(text)) return false;
  for (const [run] of normalizeForCardScan(text).matchAll(/\d{14,}/g)) {
    for (let length = 13; length <= 19; length++) {
      for (let at = 0; at + length <= run.length; at++) if (isCardNumber(run.slice(at, at + length))) return true;
    }
  }
  return false;
}

/** The text with every card number found by containsCardNumber replaced by `[redacted]` (the whole text when normalising changed its shape). */
export function redactCardNumbers(text: string): string {
  if (!containsCardNumber(text)) return text;
  const normalized = normalizeForCardScan(text);
  const redacted = normalized.replace(DIGIT_CHUNK, (whole: string, plus: string, chunk: string, at: number) =>
    cardInChunk(plus, chunk, ...glued(normalized, at, whole.length)) ? `${plus}[redacted]` : whole,
  );
  return containsCardNumber(redacted) ? '[redacted]' : redacted;
}

/** Refuses a value holding a full card number; the message never repeats the value. */
export function NoCardNumber(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'noCardNumber',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must not contain a card number; send a card token`, ...options },
      validator: { validate: (value: unknown) => typeof value !== 'string' || !containsCardNumber(value) },
    });
  };
}
