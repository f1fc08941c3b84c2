import { registerDecorator, ValidationOptions } from 'class-validator';

const DIGIT_RUN = /(?:\d[ -]?){13,19}/g;

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
 * True when the text holds something that looks like a full payment card number (an issuer's prefix and length,
 * optionally spaced or dashed, passing the Luhn check). Card data is accepted only as a token or as brand and
 * last four.
 */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(DIGIT_RUN)) {
    if (isCardNumber(match[0].replace(/[ -]/g, ''))) return true;
  }
  return false;
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
