import { Vendor } from '../../src/common/vendor';
import { OutcomeCartDocument, OutcomeCartSubmitDocument, ProductOrderDocument } from '../generated/graphql';
import { ATT_ORDERS_QUERY, ATT_SIM_SUBMIT, ATT_SUBMIT, attNewestOrderId, attSimCart } from '../support/att-fixtures';
import { SimControl } from '../support/sim-control';
import { newKey, startTestApp, TestApp, TestClient } from '../support/test-app';
import { COMMIT_THEN_FAULTS, expectConfirming, SIMULATOR_MODES, vendorIdOf } from '../support/unknown-outcome';

/**
 * "Commit, then answer badly" on AT&T's express-submit. AT&T has no read that tells whether a cart became an order,
 * but express-submit itself does: sent again for a submitted cart it answers 409 with the order (seed 000). So the
 * first submit answers VENDOR_OUTCOME_UNKNOWN (or already the order, where it could be read), the retry with the same
 * key sends express-submit again and answers the order AT&T holds, and the simulator counts one order. The sweep only
 * reads: it settles an AT&T record only when it knows an order id. Runs in rich and strict simulator mode.
 */
describe.each(SIMULATOR_MODES)('unknown outcomes of an AT&T submit (%s simulator)', (_mode, env) => {
  let t: TestApp;
  let sim: SimControl;
  let client: TestClient;
  const customer = 'cust-1003';

  beforeAll(async () => {
    t = await startTestApp({ VENDOR_TIMEOUT_MS: '1000', ...env });
    sim = t.sim(Vendor.ATT);
    client = t.as(customer);
  });

  afterAll(async () => {
    await t.close();
  });

  afterEach(async () => {
    await sim.clearFaults();
  });

  const newCart = (): Promise<string> => attSimCart((doc, variables) => client.gql(doc, variables), customer);
  const submit = (cartId: string, key: string) => client.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key, input: ATT_SIM_SUBMIT });

  /** The answered order is the one AT&T holds for the cart, readable by its id, and the cart shows no submission. */
  async function expectTheHeldOrder(cartId: string, orderId: string): Promise<void> {
    expect(vendorIdOf(orderId)).toBe(await attNewestOrderId(sim.baseUrl, customer));
    const read = await client.gql(ProductOrderDocument, { id: orderId });
    expect(read.data!.productOrder).toMatchObject({ id: orderId, cart: { id: cartId } });
    expect((await client.gql(OutcomeCartDocument, { id: cartId })).data!.cart!.submission).toBeNull();
  }

  it.each(COMMIT_THEN_FAULTS)(
    '%s after AT&T placed the submit: unknown, then the retry sends express-submit again and its 409 names the order; one order',
    async (answer) => {
      const cartId = await newCart();
      const key = newKey(`att-${answer}`);
      const before = await sim.stats();
      await sim.fault(ATT_SUBMIT, { type: 'commit-then', answer }, 1);

      const first = await submit(cartId, key);
      expect(first.errors).toBeUndefined();
      expectConfirming(first.data?.cartSubmit);
      expect((await client.gql(OutcomeCartDocument, { id: cartId })).data!.cart!.submission).toMatchObject({ state: 'CONFIRMING' });
      expect((await sim.stats()).ordersCreated).toBe(before.ordersCreated + 1);

      const retried = await submit(cartId, key);
      expect(retried.data!.cartSubmit.userErrors).toEqual([]);
      const order = retried.data!.cartSubmit.order!;
      expect(order.state).toBe('SUBMITTED');
      await expectTheHeldOrder(cartId, order.id);
      const after = await sim.stats();
      expect(after.ordersCreated).toBe(before.ordersCreated + 1);
      // The first submit and the retry's: nothing else was sent to the placing route.
      expect(after.requests[ATT_SUBMIT]).toBe((before.requests[ATT_SUBMIT] ?? 0) + 2);
      // Settled: the same key answers the stored order without another express-submit.
      expect((await submit(cartId, key)).data!.cartSubmit.order!.id).toBe(order.id);
      expect((await sim.stats()).requests[ATT_SUBMIT]).toBe(after.requests[ATT_SUBMIT]);
    },
  );

  it('not-found-on-read: the placement is answered at once from its answer (pollAfter set) when the read-back is 404; the retry answers it again', async () => {
    const cartId = await newCart();
    const key = newKey('att-not-found-on-read');
    const before = await sim.stats();
    await sim.fault(ATT_SUBMIT, { type: 'commit-then', answer: 'not-found-on-read', readRoute: ATT_ORDERS_QUERY }, 1);

    const first = await submit(cartId, key);
    expect(first.data!.cartSubmit.userErrors).toEqual([]);
    const order = first.data!.cartSubmit.order!;
    expect(order).toMatchObject({ state: 'SUBMITTED', pollAfter: expect.any(Number) as number });
    await expectTheHeldOrder(cartId, order.id);
    const retried = await submit(cartId, key);
    expect(retried.data!.cartSubmit.order!.id).toBe(order.id);
    const after = await sim.stats();
    expect(after.ordersCreated).toBe(before.ordersCreated + 1);
    expect(after.requests[ATT_SUBMIT]).toBe((before.requests[ATT_SUBMIT] ?? 0) + 1);
  });

  it('a 409 without a product order, or about another cart, keeps the outcome unknown (never a refusal, never a second order)', async () => {
    const cartId = await newCart();
    const key = newKey('att-409-unusable');
    const before = (await sim.stats()).ordersCreated;
    await sim.fault(ATT_SUBMIT, { type: 'commit-then', answer: 'reset' }, 1);
    expectConfirming((await submit(cartId, key)).data?.cartSubmit);

    await sim.fault(ATT_SUBMIT, { type: 'status', status: 409, body: { code: 'EXTSALESOPS-ORDER_CREATE-SHOPPING_CART-0001', status: '409' } }, 1);
    expectConfirming((await submit(cartId, key)).data?.cartSubmit);
    const elsewhere = { id: 'f00dfeed-0000-1000-8000-000000000000', state: 'Submitted', productOrder: { id: 'another-cart', state: 'Submitted' } };
    await sim.fault(ATT_SUBMIT, { type: 'status', status: 409, body: elsewhere }, 1);
    expectConfirming((await submit(cartId, key)).data?.cartSubmit);
    expect((await sim.stats()).ordersCreated).toBe(before + 1);

    const retried = await submit(cartId, key);
    await expectTheHeldOrder(cartId, retried.data!.cartSubmit.order!.id);
    expect((await sim.stats()).ordersCreated).toBe(before + 1);
  });

  it('another key on a cart whose submit is unknown gets the order from the 409; the first key then reads it, from the record while the query shows nothing', async () => {
    const cartId = await newCart();
    const first = newKey('att-first-key');
    const before = await sim.stats();
    await sim.fault(ATT_SUBMIT, { type: 'commit-then', answer: 'malformed' }, 1);
    expectConfirming((await submit(cartId, first)).data?.cartSubmit);

    const other = await submit(cartId, newKey('att-second-key'));
    const order = other.data!.cartSubmit.order!;
    expect(vendorIdOf(order.id)).toBe(await attNewestOrderId(sim.baseUrl, customer));

    await sim.fault(ATT_ORDERS_QUERY, { type: 'status', status: 404 }, 1);
    const retried = await submit(cartId, first);
    expect(retried.data!.cartSubmit.userErrors).toEqual([]);
    expect(retried.data!.cartSubmit.order).toMatchObject({ id: order.id, state: 'SUBMITTED', pollAfter: expect.any(Number) as number });
    const after = await sim.stats();
    expect(after.requests[ATT_SUBMIT]).toBe((before.requests[ATT_SUBMIT] ?? 0) + 2);
    expect(after.ordersCreated).toBe(before.ordersCreated + 1);
    await expectTheHeldOrder(cartId, order.id);
  });

  it("a 409 whose product order has no state reads the answer's state, or failing that its codes: Draft or a missing-terms code is a refusal", async () => {
    const cartId = await newCart();
    const vendorCartId = vendorIdOf(cartId);
    const terms = { messages: [{ code: 'SUBMITCHANGE_INVALID_TERMS_EXIST' }] };
    const before = await sim.stats();
    // TMF622 requires no `state` on a product order: the answer's own state says Draft.
    await sim.fault(ATT_SUBMIT, { type: 'status', status: 409, body: { id: vendorCartId, state: 'Draft', productOrder: { id: vendorCartId } } }, 1);
    const draft = await submit(cartId, newKey('att-409-draft'));
    expect(draft.data!.cartSubmit.userErrors.map((e) => e.code)).toEqual(['VENDOR_REFUSED']);
    expect(draft.data!.cartSubmit.submission).toBeNull();
    // No state anywhere, but AT&T's code says the terms are missing: nothing was placed.
    await sim.fault(ATT_SUBMIT, { type: 'status', status: 409, body: { productOrder: { id: vendorCartId, validation: terms } } }, 1);
    const coded = await submit(cartId, newKey('att-409-coded'));
    expect(coded.data!.cartSubmit.userErrors.map((e) => e.code)).toEqual(['TERMS_NOT_ACCEPTED']);
    expect(coded.data!.cartSubmit.submission).toBeNull();
    // No state and no code: it says nothing, so the outcome stays unknown.
    await sim.fault(ATT_SUBMIT, { type: 'status', status: 409, body: { productOrder: { id: vendorCartId } } }, 1);
    expectConfirming((await submit(cartId, newKey('att-409-bare'))).data?.cartSubmit);
    const after = await sim.stats();
    expect(after.requests[ATT_SUBMIT]).toBe((before.requests[ATT_SUBMIT] ?? 0) + 3);
    expect(after.ordersCreated).toBe(before.ordersCreated);
  });

  it('a submit refused before anything was placed (409 with a Draft product order) is a refusal, and the key is free again', async () => {
    const cartId = await newCart();
    const key = newKey('att-refused');
    const refused = await client.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key, input: {} });
    expect(refused.data!.cartSubmit.order).toBeNull();
    expect(refused.data!.cartSubmit.userErrors.map((e) => e.code)).toEqual(['TERMS_NOT_ACCEPTED']);
    expect(refused.data!.cartSubmit.submission).toBeNull();
  });

  describe('the sweep, which only reads', () => {
    it('settles a record whose express-submit answer named the order but whose read-back failed; the retry then answers it at once', async () => {
      const cartId = await newCart();
      const key = newKey('att-swept');
      const before = await sim.stats();
      await sim.fault(ATT_ORDERS_QUERY, { type: 'status', status: 503 });
      expectConfirming((await submit(cartId, key)).data?.cartSubmit);
      await sim.clearFaults();

      const report = await t.app.sweepUnknown();
      expect(report.committed).toBeGreaterThanOrEqual(1);
      expect((await client.gql(OutcomeCartDocument, { id: cartId })).data!.cart!.submission).toBeNull();
      const swept = await sim.stats();
      // The sweep read the order; it sent nothing that places one.
      expect(swept.requests[ATT_SUBMIT]).toBe((before.requests[ATT_SUBMIT] ?? 0) + 1);

      const retried = await submit(cartId, key);
      await expectTheHeldOrder(cartId, retried.data!.cartSubmit.order!.id);
      const after = await sim.stats();
      expect(after.requests[ATT_SUBMIT]).toBe(swept.requests[ATT_SUBMIT]);
      expect(after.ordersCreated).toBe(before.ordersCreated + 1);
    });

    it('leaves a record with no order id to the client retry: it sends no express-submit, and the cart stays CONFIRMING', async () => {
      const cartId = await newCart();
      const key = newKey('att-not-swept');
      const before = await sim.stats();
      await sim.fault(ATT_SUBMIT, { type: 'commit-then', answer: 'malformed' }, 1);
      expectConfirming((await submit(cartId, key)).data?.cartSubmit);

      const report = await t.app.sweepUnknown();
      expect(report.stillUnknown).toBeGreaterThanOrEqual(1);
      expect((await sim.stats()).requests[ATT_SUBMIT]).toBe((before.requests[ATT_SUBMIT] ?? 0) + 1);
      expect((await client.gql(OutcomeCartDocument, { id: cartId })).data!.cart!.submission).toMatchObject({ state: 'CONFIRMING' });

      const retried = await submit(cartId, key);
      await expectTheHeldOrder(cartId, retried.data!.cartSubmit.order!.id);
      expect((await sim.stats()).ordersCreated).toBe(before.ordersCreated + 1);
    });
  });
});

describe.each(SIMULATOR_MODES)('an AT&T record still unknown after UNKNOWN_MAX_AGE_S (%s simulator)', (_mode, env) => {
  let t: TestApp;
  const customer = 'cust-1004';

  beforeAll(async () => {
    t = await startTestApp({ UNKNOWN_MAX_AGE_S: '1', ...env });
  });

  afterAll(async () => {
    await t.close();
  });

  it('is marked for an operator once (cart, caller, key hash) with no write sent by the sweep; the client retry still resolves it', async () => {
    const sim = t.sim(Vendor.ATT);
    const client = t.as(customer);
    const cartId = await attSimCart((doc, variables) => client.gql(doc, variables), customer);
    const key = newKey('att-operator');
    const before = await sim.stats();
    await sim.fault(ATT_SUBMIT, { type: 'commit-then', answer: 'html' }, 1);
    expectConfirming((await client.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key, input: ATT_SIM_SUBMIT })).data?.cartSubmit);

    // Past the maximum age; no order id is known, and only express-submit (a write) could tell.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await t.app.sweepUnknown();
    const operatorLines = t.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => String(l.msg).startsWith('vendor write outcome still unknown') && l.cartVendorId === vendorIdOf(cartId));
    expect(operatorLines).toHaveLength(1);
    expect(operatorLines[0]).toMatchObject({ vendor: 'ATT', callerId: customer, keyHash: expect.stringMatching(/^[0-9a-f]{16}$/) as string });
    expect(JSON.stringify(operatorLines[0])).not.toContain(key);
    expect((await sim.stats()).requests[ATT_SUBMIT]).toBe((before.requests[ATT_SUBMIT] ?? 0) + 1);

    const retried = await client.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key, input: ATT_SIM_SUBMIT });
    expect(retried.data!.cartSubmit.userErrors).toEqual([]);
    expect(vendorIdOf(retried.data!.cartSubmit.order!.id)).toBe(await attNewestOrderId(sim.baseUrl, customer));
    expect((await sim.stats()).ordersCreated).toBe(before.ordersCreated + 1);
  });
});
