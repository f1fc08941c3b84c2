import { addDecimals, money, subtractMoney, toDecimalString } from '../../../src/common/money';
import { containsCardNumber } from '../../../src/common/validation/card-number';

describe('money', () => {
  it('prints vendor numbers as exact decimal strings', () => {
    expect(toDecimalString(55)).toBe('55.00');
    expect(toDecimalString(829.99)).toBe('829.99');
    expect(toDecimalString('12.5')).toBe('12.50');
    expect(toDecimalString(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(toDecimalString('1e3')).toBeNull();
    expect(toDecimalString(Number.NaN)).toBeNull();
    expect(money(10, 'usd')).toBeNull();
  });

  it('adds and subtracts without floating point', () => {
    expect(addDecimals('0.10', '0.20')).toBe('0.30');
    expect(addDecimals('829.99', '120.00')).toBe('949.99');
    expect(addDecimals('1.005', '2')).toBe('3.005');
    expect(subtractMoney({ amount: '107.00', currencyCode: 'USD' }, { amount: '99.00', currencyCode: 'USD' })).toEqual({ amount: '8.00', currencyCode: 'USD' });
    expect(subtractMoney({ amount: '1.00', currencyCode: 'USD' }, { amount: '2.50', currencyCode: 'USD' }).amount).toBe('-1.50');
    // Past 15 digits the sum is reckoned in BigInt: still exact.
    expect(addDecimals('123456789012345678.25', '0.75')).toBe('123456789012345679.00');
    expect(addDecimals('-9007199254740993.00', '1')).toBe('-9007199254740992.00');
    expect(addDecimals('-0.50', '0.5')).toBe('0.00');
  });
});

describe('card number detection', () => {
  it('finds Luhn-valid card numbers, spaced or not, and ignores other digit runs', () => {
    expect(containsCardNumber('4111111111111111')).toBe(true);
    expect(containsCardNumber('card 4111 1111 1111 1111 please')).toBe(true);
    expect(containsCardNumber('5500-0000-0000-0004')).toBe(true);
    expect(containsCardNumber('4111111111111112')).toBe(false);
    expect(containsCardNumber('26-35032117543898')).toBe(false);
    expect(containsCardNumber('tok_visa_4242')).toBe(false);
    expect(containsCardNumber('378282246310005')).toBe(true); // Amex
    expect(containsCardNumber('89014103270197479933')).toBe(false); // a SIM ICCID, Luhn-checked too
    expect(containsCardNumber('358073464620280')).toBe(false); // a 15-digit IMEI
  });
});
