import { print } from 'graphql';
import { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { OutcomeCartSubmitMutation } from '../generated/graphql';

/** The `commit-then` answers every vendor's placing route is tested with (`not-found-on-read` needs a read route). */
export const COMMIT_THEN_FAULTS = ['malformed', 'html', 'wrong-shape', 'huge', 'reset', 'hang', 'another-id'] as const;

/** Simulator modes every unknown-outcome test runs in: rich, and strict (documented routes and fields only). */
export const SIMULATOR_MODES: [string, Record<string, string>][] = [
  ['rich', {}],
  ['strict', { SIMULATOR_STRICT: '1' }],
];

/** The vendor's own id inside an opaque id (`v1:VENDOR:Kind:vendorId`, base64url). */
export function vendorIdOf(opaqueId: string): string {
  return Buffer.from(opaqueId, 'base64url').toString('utf8').split(':').slice(3).join(':');
}

/** A submit answered as an unknown outcome: no order, the submission CONFIRMING with a wait, VENDOR_OUTCOME_UNKNOWN. */
export function expectConfirming(payload: OutcomeCartSubmitMutation['cartSubmit'] | undefined): void {
  expect(payload?.order).toBeNull();
  expect(payload?.submission?.state).toBe('CONFIRMING');
  expect(payload?.submission?.retryAfterSeconds).toBeGreaterThan(0);
  expect(payload?.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
}

/** One GraphQL operation posted to a replica's URL as the router would send it, with `headers` (the caller). */
export async function gqlAt<TData, TVars>(
  url: string,
  doc: TypedDocumentNode<TData, TVars>,
  variables: TVars,
  headers: Record<string, string>,
): Promise<{ data?: TData }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  return (await res.json()) as { data?: TData };
}
