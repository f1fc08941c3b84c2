import { money } from '../../common/money';
import { Money } from '../../common/money.type';
import { ShapeChecker } from '../shape';

/**
 * An amount a vendor answered, as Money: null when the vendor left it out (or no currency applies), a
 * VENDOR_BAD_RESPONSE fault when it is there and not an amount. Never a made-up zero.
 */
export function vendorMoney(check: ShapeChecker, value: unknown, currencyCode: unknown, path: string): Money | null {
  if (value === undefined || value === null || currencyCode === undefined || currencyCode === null) return null;
  const result = money(value, currencyCode);
  if (!result) check.fail(path, 'an amount with an ISO 4217 currency');
  return result;
}
