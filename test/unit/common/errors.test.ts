import { withoutStack } from '../../../src/common/errors';
import { UserErrorCode } from '../../../src/common/user-error.type';
import { VendorRefusal } from '../../../src/vendors/vendor-adapter';

/** Stack frames in an error's `stack` text (the lines after its header). */
const frames = (error: Error): string[] => (error.stack ?? '').split('\n').filter((line) => line.trim().startsWith('at '));

describe('errors that are expected outcomes carry no stack', () => {
  it('a vendor refusal captures no frames, keeps its user errors and leaves the stack limit as it found it', () => {
    const before = Error.stackTraceLimit;
    const userErrors = [{ code: UserErrorCode.CART_NOT_EDITABLE, message: 'The cart has been submitted', field: ['id'] }];
    const refusal = new VendorRefusal(userErrors);
    expect(frames(refusal)).toEqual([]);
    expect(refusal).toBeInstanceOf(Error);
    expect(refusal.name).toBe('VendorRefusal');
    expect(refusal.message).toBe(UserErrorCode.CART_NOT_EDITABLE);
    expect(refusal.userErrors).toBe(userErrors);
    expect(Error.stackTraceLimit).toBe(before);
    // Any other error still gets its frames.
    expect(frames(new Error('unexpected')).length).toBeGreaterThan(0);
  });

  it('withoutStack restores the stack limit when the factory throws', () => {
    const before = Error.stackTraceLimit;
    expect(() =>
      withoutStack(() => {
        throw new Error('factory failed');
      }),
    ).toThrow('factory failed');
    expect(Error.stackTraceLimit).toBe(before);
    expect(frames(withoutStack(() => new Error('expected')))).toEqual([]);
  });
});
