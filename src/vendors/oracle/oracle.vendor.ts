import { declareVendor } from '../../common/vendor';

/** Oracle Commerce as the graph names it. */
export const ORACLE = declareVendor({
  id: 'ORACLE',
  label: 'Oracle Commerce',
  description: 'Oracle Commerce agent API.',
});
