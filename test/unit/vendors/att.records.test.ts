import { MemoryStore } from '../../../src/store/memory-store';
import { AttRecords } from '../../../src/vendors/att/att.records';
import { OrderState } from '../../../src/common/order-state';
import type { Cart } from '../../../src/cart/cart.type';

const cart = (vendorId: string): Cart => ({
  id: `c-${vendorId}`,
  vendorId,
  vendor: 'ATT',
  customerId: 'cust-1001',
  state: OrderState.DRAFT,
  vendorStatus: null,
  items: [],
  totals: { oneTime: null, recurring: [], subtotal: null, tax: null, shipping: null, discount: null, total: null },
  validationMessages: [],
  coupons: [],
  dynamicProperties: [],
  createdAt: new Date('2026-12-01T10:00:00Z'),
  orderVendorId: null,
});

describe('AT&T cart records', () => {
  let store: MemoryStore;
  beforeEach(() => {
    store = new MemoryStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it('changes made at once through compare-and-set all land (two replicas adding to one cart lose nothing)', async () => {
    const a = new AttRecords(store, 60_000);
    const b = new AttRecords(store, 60_000);
    await a.createCart({ cart: cart('k1'), sent: 0 });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).updateCart('k1', (rec) => ({
          ...rec,
          sent: rec.sent + 1,
          cart: { ...rec.cart, items: [...rec.cart.items, { vendorId: `i${i}` } as never] },
        })),
      ),
    );
    const rec = await a.cart('k1');
    expect(rec!.sent).toBe(10);
    expect(rec!.cart.items).toHaveLength(10);
    expect(rec!.cart.createdAt).toEqual(new Date('2026-12-01T10:00:00Z'));
  });

  it('an unknown cart has no record and is not created by an update', async () => {
    const records = new AttRecords(store, 60_000);
    expect(await records.updateCart('nope', (r) => r)).toBeNull();
    expect(await records.cart('nope')).toBeNull();
  });
});
