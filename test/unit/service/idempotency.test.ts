import { IdempotencyRecords, hashInput, IdempotencyRecord, recordKey, WriteOutcome } from '../../../src/service/idempotency';
import { MemoryStore } from '../../../src/store/memory-store';
import { Reconciliation, VendorRefusal, WriteRecord } from '../../../src/vendors/vendor-adapter';
import { VendorCallError } from '../../../src/http/vendor-call-error';
import { ProductOrder } from '../../../src/order/product-order.type';

const ctx = { requestId: 'r-1', vendorHeaders: {} };

function setup() {
  const store = new MemoryStore();
  return { store, records: new IdempotencyRecords(store, { waitMs: 300, pollMs: 5, staleMs: 60000, retryAfterSeconds: 7 }) };
}

function write(callerId: string, key: string, input: unknown = {}): { key: string; input: unknown; ttlMs: number; write: WriteRecord } {
  return {
    key,
    input,
    ttlMs: 60000,
    write: {
      operation: 'cartSubmit',
      vendor: 'ORACLE',
      callerId,
      intentKey: `${callerId}:${key}`,
      cartVendorId: 'o-1',
      vendorHeaders: { 'x-ccsite': 'site-a' },
    },
  };
}

/** A stand-in vendor: counts what it was asked and answers as told. */
function vendor(answers: { send?: () => Promise<string>; reconcile?: () => Promise<Reconciliation> } = {}) {
  const calls = { send: 0, reconcile: 0, seen: [] as WriteRecord[] };
  let n = 0;
  return {
    calls,
    call: {
      ctx,
      adapter: {
        reconcile: async (_ctx: unknown, w: WriteRecord) => {
          calls.reconcile++;
          calls.seen.push(w);
          return answers.reconcile ? answers.reconcile() : ({ outcome: 'not_committed' } as Reconciliation);
        },
      },
      send: async () => {
        calls.send++;
        const id = answers.send ? await answers.send() : `order-${++n}`;
        return { vendorId: id } as ProductOrder;
      },
    },
  };
}

function idOf(outcome: WriteOutcome): string | undefined {
  if (outcome.outcome === 'committed') return outcome.order.vendorId;
  if (outcome.outcome === 'stored') return outcome.orderVendorId;
  return undefined;
}

describe('idempotency records on the embedded store', () => {
  it('runs the write once per key and input, and answers the stored order after', async () => {
    const { records } = setup();
    const v = vendor();
    expect(idOf(await records.runOnce(write('c', 'key-00000001', { a: 1 }), v.call))).toBe('order-1');
    expect(await records.runOnce(write('c', 'key-00000001', { a: 1 }), v.call)).toEqual({ outcome: 'stored', orderVendorId: 'order-1' });
    expect(v.calls.send).toBe(1);
    // Keys are per caller.
    expect(idOf(await records.runOnce(write('other', 'key-00000001', { a: 1 }), v.call))).toBe('order-2');
  });

  it('refuses the same key with another input, and hashes inputs canonically', async () => {
    const { records } = setup();
    const v = vendor();
    await records.runOnce(write('c', 'key-00000002', { a: 1, b: 2 }), v.call);
    expect(idOf(await records.runOnce(write('c', 'key-00000002', { b: 2, a: 1 }), v.call))).toBe('order-1');
    await expect(records.runOnce(write('c', 'key-00000002', { a: 2 }), v.call)).rejects.toMatchObject({ extensions: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(hashInput({ x: [1, { y: 2, z: undefined }] })).toBe(hashInput({ x: [1, { y: 2 }] }));
  });

  it('a concurrent second attempt waits for the first and gets its result, with one placement', async () => {
    const { records } = setup();
    const v = vendor({ send: () => new Promise((res) => setTimeout(() => res('order-slow'), 50)) });
    const results = await Promise.all([records.runOnce(write('c', 'key-00000003'), v.call), records.runOnce(write('c', 'key-00000003'), v.call)]);
    expect(results.map(idOf)).toEqual(['order-slow', 'order-slow']);
    expect(v.calls.send).toBe(1);
  });

  it('reports IDEMPOTENCY_KEY_IN_PROGRESS when the first attempt outlasts the wait', async () => {
    const { records } = setup();
    const v = vendor({ send: () => new Promise((res) => setTimeout(() => res('late'), 600)) });
    const first = records.runOnce(write('c', 'key-00000004'), v.call);
    await expect(records.runOnce(write('c', 'key-00000004'), v.call)).rejects.toMatchObject({ extensions: { code: 'IDEMPOTENCY_KEY_IN_PROGRESS' } });
    await first;
  });

  it('a refusal or a call that never left releases the key', async () => {
    const { records, store } = setup();
    const refused = vendor({ send: () => Promise.reject(new VendorRefusal([])) });
    await expect(records.runOnce(write('c', 'key-00000005'), refused.call)).rejects.toBeInstanceOf(VendorRefusal);
    const neverLeft = new VendorCallError('unavailable', 'V', 'POST /x', false, 'connection refused');
    await expect(records.runOnce(write('c', 'key-00000005'), vendor({ send: () => Promise.reject(neverLeft) }).call)).rejects.toBe(neverLeft);
    expect(await store.get(recordKey('c', 'key-00000005'))).toBeNull();
    const fresh = vendor();
    expect(idOf(await records.runOnce(write('c', 'key-00000005'), fresh.call))).toBe('order-1');
    expect(fresh.calls.reconcile).toBe(0);
  });

  it('keeps an unknown outcome with what finds the order again, and reconciles it before sending anything', async () => {
    const { records, store } = setup();
    const lost = new VendorCallError('bad_response', 'V', 'POST /x', true, 'HTML after commit');
    const first = vendor({ send: () => Promise.reject(lost) });
    const outcome = await records.runOnce(write('c', 'key-00000006'), first.call);
    expect(outcome).toEqual({ outcome: 'unknown', retryAfterSeconds: 7, cause: lost });

    const kept = JSON.parse((await store.get(recordKey('c', 'key-00000006')))!) as IdempotencyRecord;
    expect(kept).toMatchObject({ state: 'unknown', write: { vendor: 'ORACLE', callerId: 'c', cartVendorId: 'o-1', vendorHeaders: { 'x-ccsite': 'site-a' } } });

    // The vendor still cannot say: still unknown, still kept, nothing sent.
    const stillUnsure = vendor({ reconcile: () => Promise.resolve<Reconciliation>({ outcome: 'unknown', reason: 'read timed out' }) });
    expect((await records.runOnce(write('c', 'key-00000006'), stillUnsure.call)).outcome).toBe('unknown');
    expect(stillUnsure.calls.send).toBe(0);
    expect(JSON.parse((await store.get(recordKey('c', 'key-00000006')))!)).toMatchObject({ state: 'unknown' });

    // The vendor holds it: that order, and the record is done.
    const found = vendor({ reconcile: () => Promise.resolve<Reconciliation>({ outcome: 'committed', order: { vendorId: 'order-first' } as ProductOrder }) });
    expect(idOf(await records.runOnce(write('c', 'key-00000006'), found.call))).toBe('order-first');
    expect(found.calls.send).toBe(0);
    expect(found.calls.seen[0]).toMatchObject({ cartVendorId: 'o-1', intentKey: 'c:key-00000006' });
    expect(await records.runOnce(write('c', 'key-00000006'), found.call)).toEqual({ outcome: 'stored', orderVendorId: 'order-first' });
  });

  it('sends again only when reconciling shows the earlier attempt never committed', async () => {
    const { records } = setup();
    const lost = new VendorCallError('timeout', 'V', 'POST /x', true, 'timed out after sending');
    await records.runOnce(write('c', 'key-00000007'), vendor({ send: () => Promise.reject(lost) }).call);
    const notThere = vendor({ reconcile: () => Promise.resolve<Reconciliation>({ outcome: 'not_committed' }) });
    expect(idOf(await records.runOnce(write('c', 'key-00000007'), notThere.call))).toBe('order-1');
    expect(notThere.calls).toMatchObject({ reconcile: 1, send: 1 });
  });

  it('a resend answer sends the write again (a repeat that names the earlier order is that order); a fault then keeps it unknown', async () => {
    const { records, store } = setup();
    const lost = new VendorCallError('bad_response', 'V', 'POST /x', true, 'malformed after commit');
    await records.runOnce(write('c', 'key-00000009'), vendor({ send: () => Promise.reject(lost) }).call);
    const resend = (): Promise<Reconciliation> => Promise.resolve({ outcome: 'resend', reason: 'a repeat answers the order already placed' });
    const stillLost = vendor({ reconcile: resend, send: () => Promise.reject(lost) });
    expect((await records.runOnce(write('c', 'key-00000009'), stillLost.call)).outcome).toBe('unknown');
    expect(stillLost.calls).toMatchObject({ reconcile: 1, send: 1 });
    expect(JSON.parse((await store.get(recordKey('c', 'key-00000009')))!)).toMatchObject({ state: 'unknown' });
    const named = vendor({ reconcile: resend, send: () => Promise.resolve('order-placed-first') });
    expect(idOf(await records.runOnce(write('c', 'key-00000009'), named.call))).toBe('order-placed-first');
    expect(await records.runOnce(write('c', 'key-00000009'), named.call)).toEqual({ outcome: 'stored', orderVendorId: 'order-placed-first' });
  });

  it('a fault that surely never left, while reconciling, keeps the record unknown', async () => {
    const { records, store } = setup();
    const lost = new VendorCallError('timeout', 'V', 'POST /x', true, 'timed out after sending');
    await records.runOnce(write('c', 'key-00000008'), vendor({ send: () => Promise.reject(lost) }).call);
    const down = new VendorCallError('unavailable', 'V', 'GET /x', false, 'connection refused');
    const unreachable = vendor({ reconcile: () => Promise.reject(down) });
    expect((await records.runOnce(write('c', 'key-00000008'), unreachable.call)).outcome).toBe('unknown');
    expect(JSON.parse((await store.get(recordKey('c', 'key-00000008')))!)).toMatchObject({ state: 'unknown' });
  });
});
