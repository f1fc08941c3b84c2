import { ATT_REQUESTS } from '../../../src/vendors/att/att.requests';
import { ORACLE_REQUESTS } from '../../../src/vendors/oracle/oracle.requests';
import { LoggedRequest, undocumented } from '../../support/request-log';

// The check every lifecycle test ends with: it must report each kind of request part the vendor's table does not
// list, or lists only as an assumption whose switch is off.
const BASES = { main: '/omni-svcs/v1', orders: '/omni-svcs/v1' };

function req(over: Partial<LoggedRequest>): LoggedRequest {
  return { route: '', method: 'POST', path: '/omni-svcs/v1/checkout', query: [], headers: ['accept', 'content-type'], body: ['cartId'], ...over };
}

describe('the request-table check of logged vendor requests', () => {
  it('passes a documented request', () => {
    expect(undocumented(ATT_REQUESTS, [req({})], BASES)).toEqual([]);
  });

  it('fails on an undocumented method and path (the cart read the partner API does not have)', () => {
    const problems = undocumented(ATT_REQUESTS, [req({ method: 'GET', path: '/omni-svcs/v1/carts/dea79fb0-21c4-11f1-8527-67c36c11d002', body: [] })], BASES);
    expect(problems).toEqual([expect.stringContaining('not in the AT&T table')]);
  });

  it('fails on an undocumented body field path, query parameter and header name', () => {
    expect(undocumented(ATT_REQUESTS, [req({ body: ['cartId', 'promoCode', 'items[].price'] })], BASES)).toEqual([
      expect.stringContaining('body field promoCode not in the table'),
      expect.stringContaining('body field items[].price not in the table'),
    ]);
    expect(undocumented(ATT_REQUESTS, [req({ query: ['expand'] })], BASES)).toEqual([expect.stringContaining('query parameter expand not in the table')]);
    expect(undocumented(ATT_REQUESTS, [req({ headers: ['accept', 'content-type', 'x-debug'] })], BASES)).toEqual([
      expect.stringContaining('header x-debug not in the table'),
    ]);
  });

  it('fails on an assumption sent with its switch off, and passes it with the switch on', () => {
    const removal = req({ method: 'DELETE', path: '/omni-svcs/v1/carts/c1/items/i1', headers: ['accept'], body: [] });
    expect(undocumented(ATT_REQUESTS, [removal], BASES)).toEqual([expect.stringContaining('assumption sent with its switch off (ATT_ASSUME_ITEM_REMOVAL)')]);
    expect(undocumented(ATT_REQUESTS, [removal], BASES, ['ATT_ASSUME_ITEM_REMOVAL'])).toEqual([]);
    const quantity = req({ path: '/omni-svcs/v1/carts/c1/items', body: ['items', 'items[].action', 'items[].quantity'] });
    expect(undocumented(ATT_REQUESTS, [quantity], BASES)).toEqual([
      expect.stringContaining('body field items[].quantity is an assumption whose switch is off'),
    ]);
    const list = { route: '', method: 'GET', path: '/ccagent/v1/orders', query: ['q'], headers: ['authorization'], body: [] };
    expect(undocumented(ORACLE_REQUESTS, [list], { main: '' })).toEqual([expect.stringContaining('ORACLE_LIST_ORDERS_QUERY')]);
  });
});
