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

  it('reads records back with their dates as Date objects at any depth, and other strings as they were', async () => {
    const records = new AttRecords(store, 60_000);
    const slot = { id: 's1', start: new Date('2026-12-02T08:00:00.000Z'), end: new Date('2026-12-02T12:00:00.000Z') };
    const stored = { ...cart('k2'), dynamicProperties: [{ name: 'slot', value: '2026-12-02T08:00:00.000Z', slots: [slot] }], note: { end: 'not a date' } };
    await records.createCart({ cart: stored, sent: 1 });
    await records.saveOrder({ ...stored, submittedAt: new Date('2026-12-01T11:00:00Z') } as never);
    const [read] = await records.carts(['k2']);
    expect(read!.cart).toEqual(stored);
    expect(read!.cart.createdAt).toBeInstanceOf(Date);
    const order = (await records.orders(['k2', 'unknown']))[0] as unknown as typeof stored & { submittedAt: Date };
    expect(order.submittedAt).toEqual(new Date('2026-12-01T11:00:00Z'));
    expect(order.dynamicProperties[0].slots[0].end).toEqual(slot.end);
    // Only a date property is revived: the same ISO text under another name stays a string.
    expect(order.dynamicProperties[0].value).toBe('2026-12-02T08:00:00.000Z');
    expect(order.note.end).toBe('not a date');
    expect(await records.orders(['unknown'])).toEqual([null]);
  });

  it('an unknown cart has no record and is not created by an update', async () => {
    const records = new AttRecords(store, 60_000);
    expect(await records.updateCart('nope', (r) => r)).toBeNull();
    expect(await records.cart('nope')).toBeNull();
  });
});
