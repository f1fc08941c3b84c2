import { createHmac, randomBytes } from 'node:crypto';

/**
 * The process secret that keys idempotency key hashes. Without a secret, a hash of a short or guessable key could be
 * reversed by trying keys; with it, a log or audit line lets an operator find a record's lines and nothing more.
 * Until `configureKeyHashSecret` runs it is random, so hashes differ across processes.
 */
let secret: Buffer = randomBytes(32);

/**
 * Chooses the secret once at start: `KEY_HASH_SECRET` when set; else one derived from `ROUTER_SECRET` (every replica
 * behind one router shares it, so hashes match across replicas without another variable); else random for this
 * process, when hashes of one key differ across replicas and restarts (documented in the README).
 */
export function configureKeyHashSecret(keyHashSecret: string | undefined, routerSecret: string | undefined): void {
  if (keyHashSecret) secret = Buffer.from(keyHashSecret, 'utf8');
  else if (routerSecret) secret = createHmac('sha256', routerSecret).update('orders-subgraph/idempotency-key-hash/v1').digest();
  else secret = randomBytes(32);
}

/** HMAC-SHA-256 (16 hex) of (caller, idempotency key): enough to find the record's lines, not to recover the key. */
export function idempotencyKeyHash(caller: string | undefined, key: string): string {
  return createHmac('sha256', secret)
    .update(`${caller ?? '-'}:${key}`)
    .digest('hex')
    .slice(0, 16);
}
