import { IdempotencyRecords, hashInput } from '../../../src/service/idempotency';
import { MemoryStore } from '../../../src/store/memory-store';
import { VendorRefusal } from '../../../src/vendors/vendor-adapter';
import { VendorCallError } from '../../../src/http/vendor-call-error';

function records(store = new MemoryStore()) {
  return { store, records: new IdempotencyRecords(store, { waitMs: 300, pollMs: 5, staleMs: 60000 }) };
}

describe('idempotency records on the embedded store', () => {
  it('runs the work once per key and input, and returns the stored result after', async () => {
    const { records: r } = records();
    let placed = 0;
    const work = { place: () => Promise.resolve(`order-${++placed}`), reconcile: () => Promise.resolve(null) };
    expect(await r.run('c', 'key-00000001', { a: 1 }, 60000, work)).toBe('order-1');
    expect(await r.run('c', 'key-00000001', { a: 1 }, 60000, work)).toBe('order-1');
    expect(placed).toBe(1);
    // Keys are per caller.
    expect(await r.run('other', 'key-00000001', { a: 1 }, 60000, work)).toBe('order-2');
  });

  it('refuses the same key with another input, and hashes inputs canonically', async () => {
    const { records: r } = records();
    const work = { place: () => Promise.resolve('o'), reconcile: () => Promise.resolve(null) };
    await r.run('c', 'key-00000002', { a: 1, b: 2 }, 60000, work);
    expect(await r.run('c', 'key-00000002', { b: 2, a: 1 }, 60000, work)).toBe('o');
    await expect(r.run('c', 'key-00000002', { a: 2 }, 60000, work)).rejects.toMatchObject({ extensions: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(hashInput({ x: [1, { y: 2, z: undefined }] })).toBe(hashInput({ x: [1, { y: 2 }] }));
  });

  it('a concurrent second attempt waits for the first and gets its result, with one placement', async () => {
    const { records: r } = records();
    let placed = 0;
    const work = { place: async () => (await new Promise((res) => setTimeout(res, 50)), `order-${++placed}`), reconcile: () => Promise.resolve(null) };
    const results = await Promise.all([r.run('c', 'key-00000003', {}, 60000, work), r.run('c', 'key-00000003', {}, 60000, work)]);
    expect(results).toEqual(['order-1', 'order-1']);
    expect(placed).toBe(1);
  });

  it('reports IDEMPOTENCY_KEY_IN_PROGRESS when the first attempt outlasts the wait', async () => {
    const { records: r } = records();
    const slow = { place: () => new Promise<string>((res) => setTimeout(() => res('late'), 600)), reconcile: () => Promise.resolve(null) };
    const first = r.run('c', 'key-00000004', {}, 60000, slow);
    await expect(r.run('c', 'key-00000004', {}, 60000, slow)).rejects.toMatchObject({ extensions: { code: 'IDEMPOTENCY_KEY_IN_PROGRESS' } });
    await first;
  });

  it('a refusal or a call that never reached the vendor releases the key; an unknown outcome is reconciled next time', async () => {
    const { records: r } = records();
    await expect(
      r.run('c', 'key-00000005', {}, 60000, { place: () => Promise.reject(new VendorRefusal([])), reconcile: () => Promise.resolve(null) }),
    ).rejects.toBeInstanceOf(VendorRefusal);
    const refused = new VendorCallError('unavailable', 'V', 'POST /x', false, 'refused');
    await expect(r.run('c', 'key-00000005', {}, 60000, { place: () => Promise.reject(refused), reconcile: () => Promise.resolve(null) })).rejects.toBe(refused);
    expect(await r.run('c', 'key-00000005', {}, 60000, { place: () => Promise.resolve('fresh'), reconcile: () => Promise.resolve('never') })).toBe('fresh');

    const lost = new VendorCallError('unavailable', 'V', 'POST /x', true, 'reset after write');
    let placements = 0;
    await expect(
      r.run('c', 'key-00000006', {}, 60000, { place: () => (placements++, Promise.reject(lost)), reconcile: () => Promise.resolve(null) }),
    ).rejects.toBe(lost);
    const reconciled = await r.run('c', 'key-00000006', {}, 60000, {
      place: () => (placements++, Promise.resolve('second')),
      reconcile: () => Promise.resolve('found-first'),
    });
    expect(reconciled).toBe('found-first');
    expect(placements).toBe(1);
  });
});
