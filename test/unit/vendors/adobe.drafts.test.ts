import { CartItemAction } from '../../../src/cart/cart-item.type';
import { CartItemInput } from '../../../src/cart/cart.input';
import { MemoryStore } from '../../../src/store/memory-store';
import { VendorRefusal } from '../../../src/vendors/vendor-adapter';
import { AdobeDraftStore, DraftLine, planLines } from '../../../src/vendors/adobe/adobe.drafts';

const item = (over: Partial<CartItemInput> = {}): CartItemInput => ({ action: CartItemAction.ADD, offeringId: '65304470CA01A12', quantity: 1, ...over });
const existing: DraftLine[] = [
  { lineNumber: 1, offerId: '65304470CA01A12', quantity: 2, currencyCode: 'USD', deploymentId: null, discountCode: null },
  { lineNumber: 3, offerId: '65304921CA01A12', quantity: 1, currencyCode: null, deploymentId: null, discountCode: null },
];

describe('planLines: Adobe line rules checked before any call', () => {
  it('keeps given line numbers and gives the others the lowest unused ones', () => {
    const planned = planLines(existing, [item(), item({ lineNumber: 2 }), item()]);
    expect('lines' in planned && planned.lines.map((l) => l.lineNumber)).toEqual([4, 2, 5]);
  });

  it('keeps the Adobe fields of each line', () => {
    const planned = planLines([], [item({ currencyCode: 'EUR', deploymentId: '12345', discountCode: 'HVD_L18_PRE', quantity: 7 })]);
    expect(planned).toEqual({
      lines: [{ lineNumber: 1, offerId: '65304470CA01A12', quantity: 7, currencyCode: 'EUR', deploymentId: '12345', discountCode: 'HVD_L18_PRE' }],
    });
  });

  it('reports every problem with its field path, and plans nothing then', () => {
    const planned = planLines(existing, [
      item({ lineNumber: 1 }),
      item({ lineNumber: 9, quantity: 0 }),
      item({ lineNumber: 9 }),
      item({ currencyCode: 'EUR' }),
      item({ currencyCode: 'ABC' }),
      item({ lineNumber: 1_000_000 }),
      item({ action: CartItemAction.SWAP, productId: 'p1' }),
      item({ children: [item()] }),
    ]);
    expect('errors' in planned && planned.errors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID_FIELD', ['items', '0', 'lineNumber']],
      ['INVALID_FIELD', ['items', '1', 'quantity']],
      ['INVALID_FIELD', ['items', '2', 'lineNumber']],
      ['INVALID_FIELD', ['items', '3', 'currencyCode']],
      ['INVALID_FIELD', ['items', '4', 'currencyCode']],
      ['INVALID_FIELD', ['items', '5', 'lineNumber']],
      ['INVALID_FIELD', ['items', '6', 'action']],
      ['INVALID_FIELD', ['items', '6', 'productId']],
      ['INVALID_FIELD', ['items', '7', 'children']],
    ]);
  });

  it("takes the first currency given as the cart's, across the lines of one input", () => {
    const planned = planLines([], [item({ currencyCode: 'EUR' }), item(), item({ currencyCode: 'USD' })]);
    expect('errors' in planned && planned.errors.map((e) => e.field)).toEqual([['items', '2', 'currencyCode']]);
  });

  it('refuses more than 499 lines in all', () => {
    const many = Array.from({ length: 498 }, () => item());
    expect('errors' in planLines(existing, many)).toBe(true);
    expect('lines' in planLines(existing.slice(0, 1), many)).toBe(true);
  });
});

describe('AdobeDraftStore', () => {
  let store: MemoryStore;
  let drafts: AdobeDraftStore;

  beforeEach(() => {
    store = new MemoryStore();
    drafts = new AdobeDraftStore(store);
  });

  afterEach(async () => {
    await store.close();
  });

  it('keeps a draft as JSON under adobe:cart:<id> and reads it back', async () => {
    const draft = await drafts.create('cust-1001', existing, new Date('2026-05-01T10:00:00Z'));
    expect(draft.id).toMatch(/^draft-[0-9a-f-]{36}$/);
    expect(JSON.parse((await store.get(`adobe:cart:${draft.id}`))!)).toEqual(draft);
    expect(await drafts.get(draft.id)).toEqual(draft);
    expect(await drafts.get('draft-unknown')).toBeNull();
  });

  it('writes nothing when a change is refused', async () => {
    const draft = await drafts.create('cust-1001', existing, new Date());
    const before = await store.get(`adobe:cart:${draft.id}`);
    await expect(drafts.update(draft.id, () => ({ refuse: [{ code: 'INVALID_FIELD', message: 'no', field: null, vendorCode: null }] }))).rejects.toBeInstanceOf(
      VendorRefusal,
    );
    expect(await store.get(`adobe:cart:${draft.id}`)).toBe(before);
  });

  it('refuses an unknown draft as CART_NOT_FOUND', async () => {
    await expect(drafts.update('draft-unknown', (d) => ({ next: d, result: null }))).rejects.toMatchObject({ userErrors: [{ code: 'CART_NOT_FOUND' }] });
  });

  it('loses no update when two changes race: the loser re-reads and applies on top', async () => {
    const draft = await drafts.create('cust-1001', [], new Date());
    const addLine = (n: number) =>
      drafts.update(draft.id, (d) => ({
        next: {
          ...d,
          revision: d.revision + 1,
          lines: [...d.lines, { lineNumber: n, offerId: '65304470CA01A12', quantity: 1, currencyCode: null, deploymentId: null, discountCode: null }],
        },
        result: n,
      }));
    await Promise.all([addLine(1), addLine(2), addLine(3)]);
    const after = await drafts.get(draft.id);
    expect(after!.lines.map((l) => l.lineNumber).sort()).toEqual([1, 2, 3]);
    expect(after!.revision).toBe(3);
  });

  it('remembers which draft an order came from', async () => {
    await drafts.recordOrderCart('cust-1001:5123456789', 'draft-1');
    expect(await drafts.cartOfOrder('cust-1001:5123456789')).toBe('draft-1');
    expect(await drafts.cartOfOrder('cust-1001:1')).toBeNull();
  });
});
