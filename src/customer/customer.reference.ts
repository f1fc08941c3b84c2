import { Customer } from './customer.type';

/** A Customer is resolvable from its id alone: carts and orders are read from it when asked for. */
export function resolveCustomerReference(reference: { id: string }): Customer {
  return { id: reference.id };
}
