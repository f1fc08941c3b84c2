import { expect } from '@jest/globals';
// The compiled-in vendors declare the Vendor enum's values.
import '../../../src/vendors/modules';
import { decodeCursor, encodeCursor, pageAcrossVendors, PageSource } from '../../../src/common/paging';
import { Vendor } from '../../../src/common/vendor';

function source(vendor: Vendor, dates: number[], calls: [number, number][]): PageSource<{ vendor: Vendor; at: number }> {
  return {
    vendor,
    fetch(offset, limit) {
      calls.push([offset, limit]);
      return Promise.resolve({ items: dates.slice(offset, offset + limit).map((at) => ({ vendor, at })), totalCount: dates.length });
    },
  };
}

describe('paging across vendors', () => {
  it('merges newest first, asks each vendor for one page only, and resumes from the cursor', async () => {
    const attCalls: [number, number][] = [];
    const adobeCalls: [number, number][] = [];
    const att = [100, 80, 60, 40];
    const adobe = [90, 50, 10];
    const sources = () => [source(Vendor.ATT, att, attCalls), source(Vendor.ADOBE, adobe, adobeCalls)];
    const first = await pageAcrossVendors(sources(), 3, {}, (x) => x.at);
    expect(first.nodes.map((n) => n.at)).toEqual([100, 90, 80]);
    expect(first.totalCount).toBe(7);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(attCalls).toEqual([[0, 3]]);
    const second = await pageAcrossVendors(sources(), 3, decodeCursor(first.pageInfo.endCursor), (x) => x.at);
    expect(second.nodes.map((n) => n.at)).toEqual([60, 50, 40]);
    expect(attCalls[1]).toEqual([2, 3]);
    expect(adobeCalls[1]).toEqual([1, 3]);
    const third = await pageAcrossVendors(sources(), 3, decodeCursor(second.pageInfo.endCursor), (x) => x.at);
    expect(third.nodes.map((n) => n.at)).toEqual([10]);
    expect(third.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses forged cursors', () => {
    expect(decodeCursor(encodeCursor({ [Vendor.ATT]: 4 }))).toEqual({ ATT: 4 });
    for (const bad of [
      '%%%',
      Buffer.from('{"SHOP":1}').toString('base64url'),
      Buffer.from('{"ATT":-1}').toString('base64url'),
      Buffer.from('[1]').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    }
  });
});
