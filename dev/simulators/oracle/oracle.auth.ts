import { randomBytes } from 'node:crypto';
import { ORACLE_AGENT, ORACLE_TOKEN_TTL_SECONDS } from './oracle.catalogue';
import { OracleError, OracleErrorCode } from './oracle.errors';
import { isRecord } from './oracle.validation';

/** The login answer: Oracle's documented `{access_token, token_type}` plus `expires_in` from its examples. */
export interface OracleLoginView {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
}

/**
 * Agent access tokens. Oracle documents the password grant for users (`grant_type=password&username&password`,
 * form-encoded) and long base64 tokens; that the agent API logs in at `/ccagent/v1/login` this way is inferred [I].
 * Tokens expire by the simulator clock, so a test can cross an expiry with `POST /__sim/clock`.
 */
export class OracleTokens {
  private readonly tokens = new Map<string, { username: string; expiresAt: number }>();
  private issuedCount = 0;

  /** Checks a login form and issues a token, or throws the Oracle error for a bad request or bad credentials. */
  login(form: unknown, now: Date): OracleLoginView {
    if (!isRecord(form) || form.grant_type !== 'password') {
      throw new OracleError(400, OracleErrorCode.LOGIN_REQUEST_INVALID, 'grant_type must be password, form-encoded', 'grant_type');
    }
    if (typeof form.username !== 'string' || typeof form.password !== 'string' || form.username === '' || form.password === '') {
      throw new OracleError(400, OracleErrorCode.LOGIN_REQUEST_INVALID, 'username and password are required', 'username');
    }
    if (form.username !== ORACLE_AGENT.username || form.password !== ORACLE_AGENT.password) {
      throw new OracleError(401, OracleErrorCode.LOGIN_FAILED, 'The username or password is not valid');
    }
    const token = randomBytes(48).toString('base64url');
    this.tokens.set(token, { username: form.username, expiresAt: now.getTime() + ORACLE_TOKEN_TTL_SECONDS * 1000 });
    this.issuedCount += 1;
    return { access_token: token, token_type: 'bearer', expires_in: ORACLE_TOKEN_TTL_SECONDS };
  }

  /** Throws the 401 Oracle error unless the Authorization header holds a live bearer token. */
  require(authorization: string | string[] | undefined, now: Date): void {
    const value = Array.isArray(authorization) ? authorization[0] : authorization;
    const m = value ? /^Bearer\s+(\S+)$/i.exec(value.trim()) : null;
    if (!m) throw new OracleError(401, OracleErrorCode.TOKEN_MISSING, 'An access token is required');
    const entry = this.tokens.get(m[1]);
    if (!entry) throw new OracleError(401, OracleErrorCode.TOKEN_INVALID, 'The access token is not valid');
    if (now.getTime() >= entry.expiresAt) {
      this.tokens.delete(m[1]);
      throw new OracleError(401, OracleErrorCode.TOKEN_EXPIRED, 'The access token has expired');
    }
  }

  /** Makes every token issued so far invalid (a control action for tests). */
  revokeAll(): number {
    const n = this.tokens.size;
    this.tokens.clear();
    return n;
  }

  /** Tokens issued since the simulator started. */
  get issued(): number {
    return this.issuedCount;
  }
}
