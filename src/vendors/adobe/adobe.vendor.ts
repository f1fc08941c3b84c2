import { declareVendor } from '../../common/vendor';

/** Adobe VIP Marketplace as the graph names it. */
export const ADOBE = declareVendor({
  id: 'ADOBE',
  label: 'Adobe VIP Marketplace',
  description: 'Adobe VIP Marketplace; carts are drafts held by this subgraph.',
});
