import { Vendor } from '../../src/common/vendor';
import {
  AdobeCartCreateDocument,
  CartCreateDocument,
  CartPreAuthorizeDocument,
  OutcomeCartDocument,
  OutcomeCartSubmitDocument,
  ProductOrderDocument,
} from '../generated/graphql';
import { SimControl } from '../support/sim-control';
import { newKey, startTestApp, TestApp } from '../support/test-app';
import { PHONE, ADDRESS, CARD, readyOracleCart } from '../support/oracle-fixtures';
import { COMMIT_THEN_FAULTS, expectConfirming, SIMULATOR_MODES, vendorIdOf } from '../support/unknown-outcome';

/**
 * "Commit, then answer badly" on each vendor's placing route: the vendor places the order and its answer is
 * unreadable. The first submit answers VENDOR_OUTCOME_UNKNOWN (order null, submission CONFIRMING), or already the order
 * where the HTTP client could safely resolve it; a retry with the same key answers the order the vendor holds; the
 * simulator counts one order. Runs in rich and strict simulator mode. AT&T's are in unknown-outcome.att.test.ts.
 */
const ORACLE_POST_ORDERS = 'POST /ccagent/v1/orders';
const ORACLE_GET_ORDER = 'GET /ccagent/v1/orders/:id';
const ADOBE_POST_ORDERS = 'POST /v3/customers/:customerId/orders';

describe.each(SIMULATOR_MODES)('unknown outcomes of a submit (%s simulators)', (_mode, env) => {
  let t: TestApp;
  const customer = 'cust-1005';
  const as = { 'x-customer-id': customer };

  beforeAll(async () => {
    t = await startTestApp({ VENDOR_TIMEOUT_MS: '1000', ...env });
  });

  afterAll(async () => {
    await t.close();
  });

  describe('Oracle: the retry reads the order (SUBMITTED or later is the order, INCOMPLETE means submit again)', () => {
    let sim: SimControl;
    beforeAll(() => {
      sim = t.sim(Vendor.ORACLE);
    });
    afterEach(async () => {
      await sim.clearFaults();
    });

    it.each(COMMIT_THEN_FAULTS)('%s after Oracle committed the submit: unknown, then the order Oracle holds, one order created', async (answer) => {
      const cartId = await readyOracleCart(t, customer);
      const key = newKey(`oracle-${answer}`);
      const before = (await sim.stats()).ordersCreated;
      // The submit's calls on this route are priceOrder, then submitOrder: spoil the second.
      await sim.fault(ORACLE_POST_ORDERS, { type: 'commit-then', answer }, 1, 1);

      const first = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
      expect(first.errors).toBeUndefined();
      expectConfirming(first.data?.cartSubmit);
      expect((await sim.stats()).ordersCreated).toBe(before + 1);
      const confirming = await t.gql(OutcomeCartDocument, { id: cartId }, as);
      expect(confirming.data!.cart!.submission).toMatchObject({ state: 'CONFIRMING' });

      const retried = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
      expect(retried.data!.cartSubmit.userErrors).toEqual([]);
      const order = retried.data!.cartSubmit.order!;
      // Oracle's order keeps the cart's id: the order the vendor holds.
      expect(vendorIdOf(order.id)).toBe(vendorIdOf(cartId));
      expect(order.state).toBe('SUBMITTED');
      expect((await sim.stats()).ordersCreated).toBe(before + 1);
      const read = await t.gql(ProductOrderDocument, { id: order.id }, as);
      expect(read.data!.productOrder!.id).toBe(order.id);
      const settled = await t.gql(OutcomeCartDocument, { id: cartId }, as);
      expect(settled.data!.cart!.submission).toBeNull();
    });

    it('a submit reset before Oracle acted is unknown too (it cannot be told apart); the retry finds it INCOMPLETE and places it once', async () => {
      const cartId = await readyOracleCart(t, customer);
      const key = newKey('oracle-refused');
      const before = (await sim.stats()).ordersCreated;
      await sim.fault(ORACLE_POST_ORDERS, { type: 'reset-before' }, 1, 1);
      const first = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
      // A reset before Oracle acted cannot be told from one after: still unknown, and the retry finds INCOMPLETE.
      expect(first.data?.cartSubmit.userErrors.map((e) => e.code) ?? first.errors?.map((e) => e.extensions?.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
      expect((await sim.stats()).ordersCreated).toBe(before);
      const retried = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
      expect(vendorIdOf(retried.data!.cartSubmit.order!.id)).toBe(vendorIdOf(cartId));
      expect((await sim.stats()).ordersCreated).toBe(before + 1);
    });

    it('a committed order whose read-back is 404 answers the subgraph record (state as last known, pollAfter set)', async () => {
      const cartId = await readyOracleCart(t, customer);
      const key = newKey('oracle-readback');
      const placed = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
      const order = placed.data!.cartSubmit.order!;
      await sim.fault(ORACLE_GET_ORDER, { type: 'status', status: 404 }, 1);
      const replay = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
      expect(replay.errors).toBeUndefined();
      expect(replay.data!.cartSubmit.order).toMatchObject({ id: order.id, state: 'SUBMITTED', pollAfter: expect.any(Number) as number });
    });

    it('a read answered with another order than the one asked for is VENDOR_BAD_RESPONSE and changes nothing', async () => {
      const cartId = await readyOracleCart(t, customer);
      const placed = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: newKey('oracle-otherid') }, as);
      const order = placed.data!.cartSubmit.order!;
      await sim.fault(ORACLE_GET_ORDER, { type: 'commit-then', answer: 'another-id' }, 1);
      const read = await t.gql(ProductOrderDocument, { id: order.id }, as);
      expect(read.errors?.[0].extensions?.code).toBe('VENDOR_BAD_RESPONSE');
      const again = await t.gql(ProductOrderDocument, { id: order.id }, as);
      expect(again.data!.productOrder!.id).toBe(order.id);
    });

    it('a retry resumes a multi-step submit at the step reached: priced before, so only submitOrder is sent again', async () => {
      const cartId = await readyOracleCart(t, customer);
      const key = newKey('oracle-resume');
      const ops = async (): Promise<Record<string, number>> =>
        ((await (await fetch(`${sim.origin}/__sim/oracle/ops`)).json()) as { ops: Record<string, number> }).ops;
      // priceOrder goes through, then the submitOrder request is cut before Oracle acts on it.
      await sim.fault(ORACLE_POST_ORDERS, { type: 'reset-before' }, 1, 1);
      const first = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
      expect(first.data!.cartSubmit.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
      const afterFirst = await ops();

      const retried = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
      expect(retried.data!.cartSubmit.order?.state).toBe('SUBMITTED');
      const afterRetry = await ops();
      expect(afterRetry.priceOrder ?? 0).toBe(afterFirst.priceOrder ?? 0);
      expect((afterRetry.submitOrder ?? 0) - (afterFirst.submitOrder ?? 0)).toBe(1);
    });
  });

  describe('Adobe: the retry replays the same X-Correlation-Id, and Adobe answers the stored order', () => {
    let sim: SimControl;
    const adobeCustomer = 'cust-1001';
    const asAdobe = { 'x-customer-id': adobeCustomer };
    beforeAll(() => {
      sim = t.sim(Vendor.ADOBE);
    });
    afterEach(async () => {
      await sim.clearFaults();
    });

    // `another-id` is left out: Adobe assigns the id of a NEW order, so no answer can be checked against it.
    it.each(COMMIT_THEN_FAULTS.filter((f) => f !== 'another-id'))('%s after Adobe placed the order: one order, and the retry answers it', async (answer) => {
      const created = await t.gql(
        AdobeCartCreateDocument,
        { input: { vendor: 'ADOBE', customerId: adobeCustomer, items: [{ offeringId: '65304470CA01A12', quantity: 12, currencyCode: 'USD' }] } },
        asAdobe,
      );
      const cartId = created.data!.cartCreate.cart!.id;
      const key = newKey(`adobe-${answer}`);
      const before = (await sim.stats()).ordersCreated;
      await sim.fault(ADOBE_POST_ORDERS, { type: 'commit-then', answer }, 1);

      const first = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, asAdobe);
      expect(first.errors).toBeUndefined();
      const firstOrder = first.data!.cartSubmit.order;
      if (firstOrder === null) {
        // Unreadable: unknown, kept for the retry.
        expect(first.data!.cartSubmit.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
        expect(first.data!.cartSubmit.submission).toMatchObject({ state: 'CONFIRMING' });
      }
      expect((await sim.stats()).ordersCreated).toBe(before + 1);

      const retried = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, asAdobe);
      expect(retried.data!.cartSubmit.userErrors).toEqual([]);
      const order = retried.data!.cartSubmit.order!;
      if (firstOrder) expect(order.id).toBe(firstOrder.id);
      const read = await t.gql(ProductOrderDocument, { id: order.id }, asAdobe);
      expect(read.data!.productOrder).toMatchObject({ id: order.id, cart: { id: cartId } });
      expect((await sim.stats()).ordersCreated).toBe(before + 1);
    });
  });

  describe('the sweep, which only reads', () => {
    it('resolves an unknown Oracle submit before any retry; the retry then answers the order at once', async () => {
      const sim = t.sim(Vendor.ORACLE);
      const created = await t.gql(CartCreateDocument, { input: { vendor: 'ORACLE', customerId: customer, items: [PHONE] } }, as);
      const cartId = created.data!.cartCreate.cart!.id;
      await t.gql(CartPreAuthorizeDocument, { cartId, input: { shippingAddress: ADDRESS, payments: [CARD] } }, as);
      const key = newKey('oracle-swept');
      const before = await sim.stats();
      await sim.fault(ORACLE_POST_ORDERS, { type: 'commit-then', answer: 'malformed' }, 1, 1);
      const first = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
      expect(first.data!.cartSubmit.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);

      const report = await t.app.sweepUnknown();
      expect(report.committed).toBeGreaterThanOrEqual(1);
      const afterSweep = await sim.stats();
      // The sweep read the order and sent nothing that places or changes one.
      expect(afterSweep.requests[ORACLE_POST_ORDERS]).toBe((before.requests[ORACLE_POST_ORDERS] ?? 0) + 2);
      expect((await t.gql(OutcomeCartDocument, { id: cartId }, as)).data!.cart!.submission).toBeNull();

      const retried = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
      expect(vendorIdOf(retried.data!.cartSubmit.order!.id)).toBe(vendorIdOf(cartId));
      expect((await sim.stats()).requests[ORACLE_POST_ORDERS]).toBe(afterSweep.requests[ORACLE_POST_ORDERS]);
      expect((await sim.stats()).ordersCreated).toBe(before.ordersCreated + 1);
    });
  });
});

describe('a record still unknown after UNKNOWN_MAX_AGE_S', () => {
  let t: TestApp;
  const customer = 'cust-1002';
  const as = { 'x-customer-id': customer };

  beforeAll(async () => {
    t = await startTestApp({ UNKNOWN_MAX_AGE_S: '1' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('is marked for an operator (one log line, the orders_unknown_outcomes gauge), and the client retry still resolves it', async () => {
    const sim = t.sim(Vendor.ADOBE);
    const created = await t.gql(
      AdobeCartCreateDocument,
      { input: { vendor: 'ADOBE', customerId: customer, items: [{ offeringId: '65304470CA01A12', quantity: 3, currencyCode: 'USD' }] } },
      as,
    );
    const cartId = created.data!.cartCreate.cart!.id;
    const key = newKey('adobe-operator');
    const before = (await sim.stats()).ordersCreated;
    await sim.fault(ADOBE_POST_ORDERS, { type: 'commit-then', answer: 'html' }, 1);
    const first = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
    expect(first.data!.cartSubmit.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);

    // Past the maximum age; the sweep can only read, and only Adobe's replay (a write) could tell.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await t.app.sweepUnknown();
    const operatorLines = t.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => String(l.msg).startsWith('vendor write outcome still unknown'));
    expect(operatorLines).toHaveLength(1);
    expect(operatorLines[0]).toMatchObject({ vendor: 'ADOBE', callerId: customer });
    // The same keyed hash as the audit lines of that request, so an operator can join them.
    const audited = t.logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((l) => l.audit === 'vendor_write' && l.operation === 'cartSubmit');
    expect(operatorLines[0].keyHash).toBe(audited!.keyHash);
    expect(operatorLines[0].keyHash).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(operatorLines[0])).not.toContain(key);
    const metrics = await (await fetch(`http://127.0.0.1:${t.app.port}/metrics`)).text();
    expect(metrics).toMatch(/orders_unknown_outcomes\{state="operator"\} 1/);
    expect((await sim.stats()).ordersCreated).toBe(before + 1);

    const retried = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
    expect(retried.data!.cartSubmit.userErrors).toEqual([]);
    expect(retried.data!.cartSubmit.order!.vendor).toBe('ADOBE');
    expect((await sim.stats()).ordersCreated).toBe(before + 1);
  });
});
