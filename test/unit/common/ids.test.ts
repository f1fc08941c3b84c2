import { expect } from '@jest/globals';
// The compiled-in vendors declare the Vendor enum's values.
import '../../../src/vendors/modules';
import { decodeId, encodeId, isSafeVendorId, tryDecodeId } from '../../../src/common/ids';
import { Vendor } from '../../../src/common/vendor';

describe('opaque ids', () => {
  it('round-trip and carry the vendor and kind', () => {
    const id = encodeId(Vendor.ATT, 'Cart', 'dea79fb0-21c4-11f1-8527-67c36c11d002');
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(tryDecodeId(id, 'Cart')).toEqual({ vendor: Vendor.ATT, kind: 'Cart', vendorId: 'dea79fb0-21c4-11f1-8527-67c36c11d002' });
  });

  it('refuse another kind, an unknown vendor, and unsafe vendor ids', () => {
    const cart = encodeId(Vendor.ORACLE, 'Cart', 'o30001');
    expect(tryDecodeId(cart, 'ProductOrder')).toBeNull();
    expect(tryDecodeId(Buffer.from('v1:SHOP:Cart:abc').toString('base64url'), 'Cart')).toBeNull();
    for (const bad of ['../x', 'a/b', 'a%2Fb', 'a?b', 'a#b', 'a\r\nb', 'a\u0000b', '..', 'a..b', '.hidden', 'x'.repeat(200)]) {
      expect(isSafeVendorId(bad)).toBe(false);
      expect(tryDecodeId(Buffer.from(`v1:ATT:Cart:${bad}`).toString('base64url'), 'Cart')).toBeNull();
    }
    expect(isSafeVendorId('cust-1001:o30001.v2')).toBe(true);
  });

  it('refuse non-canonical encodings and throw BAD_USER_INPUT with the field path', () => {
    const id = encodeId(Vendor.ATT, 'Cart', 'abc');
    expect(tryDecodeId(`${id}==`, 'Cart')).toBeNull();
    // The same bytes with bits set past the last whole byte, or a lone extra character, decode alike: only the
    // canonical spelling is an id.
    const odd = encodeId(Vendor.ORACLE, 'Cart', 'o3000');
    expect(odd.length % 4).not.toBe(0);
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(odd.slice(-1));
    const alias = odd.slice(0, -1) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[last + 1];
    expect(Buffer.from(alias, 'base64url').toString()).toBe(Buffer.from(odd, 'base64url').toString());
    expect(tryDecodeId(alias, 'Cart')).toBeNull();
    expect(tryDecodeId(`${encodeId(Vendor.ORACLE, 'Cart', 'o300')}A`, 'Cart')).toBeNull();
    expect(tryDecodeId(odd, 'Cart')).toEqual({ vendor: Vendor.ORACLE, kind: 'Cart', vendorId: 'o3000' });
    expect(() => decodeId('nope', 'Cart', ['cartId'])).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: ['cartId'] } }));
  });
});
