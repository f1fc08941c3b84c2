import { Vendor } from '../../src/common/vendor';
import { AdobeRenewalPlaceDocument, OutcomeCartSubmitDocument } from '../generated/graphql';
import { SimControl } from '../support/sim-control';
import { newKey, startTestApp, TestApp } from '../support/test-app';
import { readyOracleCart } from '../support/oracle-fixtures';
import { vendorIdOf } from '../support/unknown-outcome';

/**
 * Vendors that commit late or answer a repeat badly. A write the vendor makes safe to repeat (Adobe's correlation id)
 * is still a write whose outcome is unknown once it may have arrived; a read showing nothing placed is no proof while
 * the vendor may still act on a request the subgraph gave up on; and a refusal of a write sent again may be the
 * vendor refusing a repeat of what the first attempt placed meanwhile. In each, the simulator counts one order and the
 * retry with the same key answers it.
 */
const ORACLE_POST_ORDERS = 'POST /ccagent/v1/orders';
const ADOBE_POST_ORDERS = 'POST /v3/customers/:customerId/orders';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('writes that land late or are answered badly', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ VENDOR_TIMEOUT_MS: '1000' });
  });

  afterAll(async () => {
    await t.close();
  });

  describe('Adobe', () => {
    let sim: SimControl;
    beforeAll(() => {
      sim = t.sim(Vendor.ADOBE);
    });
    afterEach(async () => {
      await sim.clearFaults();
    });

    it('F5: a renewal whose every attempt is reset after Adobe placed it is unknown, and the same-key retry answers that renewal', async () => {
      const customer = 'cust-1001';
      const as = { 'x-customer-id': customer };
      const key = newKey('late-renewal');
      const [placed, posts] = [(await sim.stats()).ordersCreated, await sim.count(ADOBE_POST_ORDERS)];
      // The PREVIEW_RENEWAL passes; the RENEWAL is reset after Adobe commits it, and so are the client's two replays
      // of the same correlation id.
      await sim.fault(ADOBE_POST_ORDERS, { type: 'reset-after' }, 3, 1);
      const first = await t.gql(AdobeRenewalPlaceDocument, { customerId: customer, idempotencyKey: key }, as);
      expect(first.errors).toBeUndefined();
      expect(first.data!.renewalPlace.order).toBeNull();
      expect(first.data!.renewalPlace.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
      expect(await sim.count(ADOBE_POST_ORDERS)).toBe(posts + 4);
      expect((await sim.stats()).ordersCreated).toBe(placed + 1);
      await sim.clearFaults();

      const retried = await t.gql(AdobeRenewalPlaceDocument, { customerId: customer, idempotencyKey: key }, as);
      expect(retried.data!.renewalPlace.userErrors).toEqual([]);
      expect(retried.data!.renewalPlace.order).toMatchObject({ orderType: 'RENEWAL' });
      // The retry replays the recorded lines under the first correlation id: Adobe answers the renewal it placed.
      expect(await sim.count(ADOBE_POST_ORDERS)).toBe(posts + 5);
      expect((await sim.stats()).ordersCreated).toBe(placed + 1);
    });
  });

  describe('Oracle', () => {
    let sim: SimControl;
    const customer = 'cust-1005';
    const as = { 'x-customer-id': customer };
    beforeAll(() => {
      sim = t.sim(Vendor.ORACLE);
    });
    afterEach(async () => {
      await sim.clearFaults();
    });

    it('F2: the sweep does not release a submit Oracle has yet to act on; the order Oracle places later is the retry’s answer', async () => {
      const cartId = await readyOracleCart(t, customer);
      const key = newKey('late-sweep');
      const before = (await sim.stats()).ordersCreated;
      // priceOrder passes; submitOrder reaches Oracle, which acts on it 2.5 s later, long after the 1 s attempt deadline.
      await sim.fault(ORACLE_POST_ORDERS, { type: 'latency', ms: 2500 }, 1, 1);
      const first = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
      expect(first.data!.cartSubmit.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);

      // Oracle still shows the order INCOMPLETE: no proof while the submit may still land, so the record stays.
      const report = await t.app.sweepUnknown();
      expect(report).toMatchObject({ notCommitted: 0 });
      expect(report.stillUnknown).toBeGreaterThanOrEqual(1);

      await sleep(2000);
      expect((await sim.stats()).ordersCreated).toBe(before + 1);
      const posts = await sim.count(ORACLE_POST_ORDERS);
      const retried = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
      expect(retried.data!.cartSubmit.userErrors).toEqual([]);
      expect(retried.data!.cartSubmit.order).toMatchObject({ state: 'SUBMITTED' });
      expect(vendorIdOf(retried.data!.cartSubmit.order!.id)).toBe(vendorIdOf(cartId));
      // The retry read the order; it sent no write.
      expect(await sim.count(ORACLE_POST_ORDERS)).toBe(posts);
      expect((await sim.stats()).ordersCreated).toBe(before + 1);
    });

    it('F5: a submit sent again and refused because the first one landed meanwhile answers that order, never CART_NOT_EDITABLE', async () => {
      const cartId = await readyOracleCart(t, customer);
      const key = newKey('late-resend');
      const before = (await sim.stats()).ordersCreated;
      // The first submitOrder commits 1.6 s after it arrives; the client gives up after 1 s.
      await sim.fault(ORACLE_POST_ORDERS, { type: 'latency', ms: 1600 }, 1, 1);
      const first = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
      expect(first.data!.cartSubmit.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);

      // The retry's read finds INCOMPLETE at once; the write it sends again reaches Oracle after the first committed.
      await sim.fault(ORACLE_POST_ORDERS, { type: 'latency', ms: 900 }, 1);
      const retried = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
      expect(retried.data!.cartSubmit.userErrors.map((e) => e.code)).not.toContain('CART_NOT_EDITABLE');
      await sleep(500);
      expect((await sim.stats()).ordersCreated).toBe(before + 1);

      const again = await t.gql(OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, as);
      expect(again.data!.cartSubmit.userErrors).toEqual([]);
      expect(again.data!.cartSubmit.order).toMatchObject({ state: 'SUBMITTED' });
      expect((await sim.stats()).ordersCreated).toBe(before + 1);
    });
  });
});
