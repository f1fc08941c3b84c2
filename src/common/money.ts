import { ChargePeriod, Money } from './money.type';

const DECIMAL = /^-?\d+(\.\d+)?$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;
const TRAILING_ZEROS = /0+$/;

/** `text` with at least two fraction digits: "55" → "55.00", "12.5" → "12.50". A bare trailing dot counts as none. */
function withTwoFractionDigits(text: string): string {
  const dot = text.indexOf('.');
  if (dot === -1) return `${text}.00`;
  const fraction = text.length - dot - 1;
  return fraction >= 2 ? text : fraction === 1 ? `${text}0` : `${text}00`;
}

/**
 * A vendor amount (JSON number or numeric string) as a decimal string with at least two fraction digits. Numbers
 * are printed from their shortest round-trip form, so 829.99 stays "829.99", never "829.9899999".
 * Returns null for anything that is not a finite amount. Runs for every amount of every answer: no split, no
 * trim unless the text has surrounding whitespace.
 */
export function toDecimalString(value: unknown): string | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    const text = String(value);
    // String() of a number writes an exponent with a lower-case e only.
    return withTwoFractionDigits(text.includes('e') ? value.toFixed(10).replace(TRAILING_ZEROS, '') : text);
  }
  if (typeof value !== 'string') return null;
  if (DECIMAL.test(value)) return withTwoFractionDigits(value);
  const trimmed = value.trim();
  return trimmed !== value && DECIMAL.test(trimmed) ? withTwoFractionDigits(trimmed) : null;
}

/** Money from a vendor amount and currency; null when either is unusable. */
export function money(value: unknown, currencyCode: unknown): Money | null {
  const amount = toDecimalString(value);
  if (amount === null || typeof currencyCode !== 'string' || !CURRENCY_CODE.test(currencyCode)) return null;
  return { amount, currencyCode };
}

/** Reads a recurring period word from a vendor ("month", "Monthly", "year", …). */
export function chargePeriod(value: unknown): ChargePeriod {
  return typeof value === 'string' && /^(year|annual)/i.test(value) ? ChargePeriod.YEAR : ChargePeriod.MONTH;
}

function toScaled(amount: string, digits: number): bigint {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = amount.replace('-', '').split('.');
  const scaled = BigInt(whole + fraction.padEnd(digits, '0'));
  return negative ? -scaled : scaled;
}

function fractionDigits(amount: string): number {
  return (amount.split('.')[1] ?? '').length;
}

/**
 * Integers of up to 15 digits, and their sums, stay below 2^53, where floating point adds integers exactly: two
 * well-formed amounts that short (nearly all) are added as numbers, anything else as BigInt.
 */
const EXACT_DIGITS = 15;

/** Fraction digits of a well-formed amount (`DECIMAL`) whose dot is at `dot` (-1 for none). */
function fractionLength(amount: string, dot: number): number {
  return dot === -1 ? 0 : amount.length - dot - 1;
}

/** The digits of a well-formed amount (`DECIMAL`) scaled to `digits` ≥ its fraction digits, without sign. */
function scaledDigits(amount: string, dot: number, digits: number): string {
  const start = amount.charCodeAt(0) === 0x2d ? 1 : 0;
  if (dot === -1) return amount.slice(start) + '0'.repeat(digits);
  return amount.slice(start, dot) + amount.slice(dot + 1) + '0'.repeat(digits - fractionLength(amount, dot));
}

/** The decimal text of a scaled integer's magnitude: "150", 2 → "1.50". */
function unscaled(negative: boolean, magnitude: string, digits: number): string {
  const text = magnitude.padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Exact sum of two decimal strings (no floating point rounding). */
export function addDecimals(a: string, b: string): string {
  if (DECIMAL.test(a) && DECIMAL.test(b)) {
    const aDot = a.indexOf('.');
    const bDot = b.indexOf('.');
    const digits = Math.max(fractionLength(a, aDot), fractionLength(b, bDot), 2);
    const aDigits = scaledDigits(a, aDot, digits);
    const bDigits = scaledDigits(b, bDot, digits);
    if (aDigits.length <= EXACT_DIGITS && bDigits.length <= EXACT_DIGITS) {
      const sum = (a.startsWith('-') ? -Number(aDigits) : Number(aDigits)) + (b.startsWith('-') ? -Number(bDigits) : Number(bDigits));
      return unscaled(sum < 0, String(sum < 0 ? -sum : sum), digits);
    }
  }
  const digits = Math.max(fractionDigits(a), fractionDigits(b), 2);
  const sum = toScaled(a, digits) + toScaled(b, digits);
  const negative = sum < 0n;
  return unscaled(negative, (negative ? -sum : sum).toString(), digits);
}

/**
 * The exact product of a well-formed amount and a whole factor (a quantity) when both are small enough for the
 * product to be an exact number (nearly always); null otherwise, for the caller's BigInt reckoning.
 */
export function multiplyDecimal(amount: string, factor: number): string | null {
  if (!Number.isSafeInteger(factor) || factor < 0 || !DECIMAL.test(amount)) return null;
  const dot = amount.indexOf('.');
  const digits = Math.max(fractionLength(amount, dot), 2);
  const magnitude = scaledDigits(amount, dot, digits);
  if (magnitude.length > EXACT_DIGITS) return null;
  const product = Number(magnitude) * factor;
  if (!Number.isSafeInteger(product)) return null;
  return unscaled(amount.startsWith('-') && product !== 0, String(product), digits);
}

/** Exact sum of two amounts of money in the same currency; either may be absent. */
export function addMoney(a: Money | null | undefined, b: Money | null | undefined): Money | null {
  if (!b) return a ?? null;
  if (!a) return b;
  return { amount: addDecimals(a.amount, b.amount), currencyCode: a.currencyCode };
}

/** a − b, exactly. */
export function subtractMoney(a: Money, b: Money): Money {
  const negated = b.amount.startsWith('-') ? b.amount.slice(1) : `-${b.amount}`;
  return { amount: addDecimals(a.amount, negated), currencyCode: a.currencyCode };
}
