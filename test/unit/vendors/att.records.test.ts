import { MemoryStore } from '../../../src/store/memory-store';
import { AttRecords, parseOrderRecords } from '../../../src/vendors/att/att.records';
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

describe('AT&T submit records, parsed once per stored text', () => {
  const stored = (vendorId: string, note = ''): string =>
    JSON.stringify({
      order: {
        ...cart(vendorId),
        note,
        submittedAt: '2026-12-01T11:00:00.000Z',
        items: [{ vendorId: 'i1', quantity: 1 }],
        payments: [{ method: 'CARD', cardLast4: '4242' }],
      },
    });

  it('the same text reads as the same order, frozen to the last nested list, with its dates revived', () => {
    const raw = stored('p1');
    const [first] = parseOrderRecords([raw]);
    // The store hands out a new string for every read (as Redis does): the cache goes by the text, not the object.
    const [again] = parseOrderRecords([`${raw} `.trimEnd()]);
    expect(again).toBe(first);
    expect(first!.submittedAt).toEqual(new Date('2026-12-01T11:00:00Z'));
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first!.items)).toBe(true);
    expect(Object.isFrozen(first!.items[0])).toBe(true);
    expect(Object.isFrozen(first!.payments[0])).toBe(true);
    expect(() => (first!.items as unknown[]).push({})).toThrow(TypeError);
    // A reader that copies (as the orders query's mapping spreads the record) gets an object of its own.
    const copy = { ...first!, state: OrderState.COMPLETED };
    expect(copy.state).toBe(OrderState.COMPLETED);
    expect(first!.state).toBe(OrderState.DRAFT);
  });

  it('a record written again reads as its new text, through the store', async () => {
    const store = new MemoryStore();
    try {
      const records = new AttRecords(store, 60_000);
      const order = { ...cart('p2'), submittedAt: new Date('2026-12-01T11:00:00Z') } as never;
      await records.saveOrder(order);
      const [before] = await records.orders(['p2']);
      await records.saveOrder({ ...(order as object), vendorStatus: 'Acknowledged' } as never);
      const [after] = await records.orders(['p2']);
      expect(before!.vendorStatus).toBeNull();
      expect(after!.vendorStatus).toBe('Acknowledged');
      expect(await records.order('p2')).toBe(after);
    } finally {
      await store.close();
    }
  });

  it('keeps at most 2,000 parsed records, the least recently read dropped first, and never a text over 16 KB', () => {
    const kept = stored('lru-kept');
    const dropped = stored('lru-dropped');
    const [keptOrder] = parseOrderRecords([kept]);
    const [droppedOrder] = parseOrderRecords([dropped]);
    for (let i = 0; i < 1999; i++) {
      // Read again halfway: it moves to the newest end, so 1,999 other records do not push it out.
      if (i === 1000) expect(parseOrderRecords([kept])[0]).toBe(keptOrder);
      parseOrderRecords([stored(`lru-${i}`)]);
    }
    expect(parseOrderRecords([kept])[0]).toBe(keptOrder);
    const [reparsed] = parseOrderRecords([dropped]);
    expect(reparsed).not.toBe(droppedOrder);
    expect(reparsed).toEqual(droppedOrder);

    const large = stored('large', 'x'.repeat(16 * 1024));
    expect(parseOrderRecords([large])[0]).not.toBe(parseOrderRecords([large])[0]);
  });

  it('holds at most 4 MB of stored text: records near 16 KB push the oldest out long before 2,000 are kept', () => {
    const big = (id: string) => stored(id, 'y'.repeat(15 * 1024));
    const [first] = parseOrderRecords([big('big-first')]);
    expect(parseOrderRecords([big('big-first')])[0]).toBe(first);
    // 281 records of about 15.9 KB are over 4 MB, and far under 2,000 records.
    for (let i = 0; i < 280; i++) parseOrderRecords([big(`big-${i}`)]);
    expect(parseOrderRecords([big('big-first')])[0]).not.toBe(first);
    expect(parseOrderRecords([big('big-279')])[0]).toBe(parseOrderRecords([big('big-279')])[0]);
  });
});
