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
 * True when the text holds something that looks like a full payment card number (13 to 19 digits, optionally
 * spaced or dashed, passing the Luhn check). Card data is accepted only as a token or as brand and last four.
 */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return true;
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
