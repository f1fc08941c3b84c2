import { registerEnumType } from 'type-graphql';

/** The vendors whose ordering APIs this subgraph speaks. */
export enum Vendor {
  ATT = 'ATT',
  ORACLE = 'ORACLE',
  ADOBE = 'ADOBE',
}

registerEnumType(Vendor, {
  name: 'Vendor',
  description: 'The vendor that holds a cart or an order and carries out its mutations.',
  valuesConfig: {
    ATT: { description: 'AT&T partner cart API (TM Forum style carts and product orders).' },
    ORACLE: { description: 'Oracle Commerce agent API.' },
    ADOBE: { description: 'Adobe VIP Marketplace; carts are drafts held by this subgraph.' },
  },
});
