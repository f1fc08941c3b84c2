import { declareVendor } from '../../common/vendor';

/** AT&T as the graph names it. */
export const ATT = declareVendor({
  id: 'ATT',
  label: 'AT&T',
  description: 'AT&T partner cart API (TM Forum style carts and product orders).',
});
