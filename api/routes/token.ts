import express, { Router, type Request } from 'express';
import { findServiceAccount } from '../../db/service-accounts';
import { clearThrottle } from '../../db/sessions';
import { ADDRESS_THROTTLE, USER_THROTTLE } from '../../domain/people';
import { parseScopes } from '../../domain/scopes';
import { SERVICE_TOKEN_SECONDS, signServiceToken } from '../auth';
import { clientSecretMatches } from '../client-secrets';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { rejectHostileBody } from '../hostile-input';
import { TokenRequestBody } from '../service-account-schemas';
import { countFailure, passThrottle, type ThrottleKey } from '../throttle';

/**
 * POST /api/v1/auth/token: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4) for service accounts. The
 * client authenticates with HTTP Basic or with client_id and client_secret in the body (JSON or a form, as
 * OAuth clients send it). Wrong credentials are throttled as sign-ins are (per client id and per address).
 */
export function tokenRoutes(ctx: AppContext): Router {
  const r = Router();
  r.post('/token', express.urlencoded({ extended: false, limit: '16kb' }), rejectHostileBody, async (req, res) => {
    const grant = (req.body as { grant_type?: unknown } | undefined)?.grant_type;
    if (grant !== undefined && grant !== 'client_credentials') {
      throw new HttpError('invalid_request', 'Only grant_type=client_credentials is supported.', { reason: 'unsupported_grant_type' });
    }
    const body = TokenRequestBody.parse(req.body ?? {});
    const { clientId, clientSecret } = clientCredentials(req, body);
    const now = new Date();
    const keys: ThrottleKey[] = [
      { key: `client:${clientId}`, policy: USER_THROTTLE, lockedReason: 'client_locked' },
      { key: `ip:${req.ip ?? 'unknown'}`, policy: ADDRESS_THROTTLE, lockedReason: 'address_locked' },
    ];
    const rows = await passThrottle(ctx, res, keys, now, 'token requests');
    const account = await findServiceAccount(ctx.db, clientId);
    if (!clientSecretMatches(account?.secret_hash, clientSecret) || !account) {
      await countFailure(ctx, keys, rows, now, 'token requests');
      res.setHeader('WWW-Authenticate', 'Basic realm="motcua"');
      throw new HttpError('unauthenticated', 'Unknown client or wrong secret.', { reason: 'invalid_client' });
    }
    await clearThrottle(ctx.db, keys[0].key);
    if (!account.enabled) throw new HttpError('unauthenticated', 'This service account is disabled.', { reason: 'account_disabled' });
    const asked = body.scope === undefined ? account.scopes : parseScopes(body.scope);
    if (!asked || asked.some((s) => !account.scopes.includes(s))) {
      throw new HttpError('invalid_request', `The scope asked for is not among the account's: ${account.scopes.join(' ')}.`, { reason: 'invalid_scope' });
    }
    const scopes = asked.length ? asked : account.scopes;
    const token = await signServiceToken(ctx.config.jwtSecret, { id: account.id, name: account.name, unitId: account.unit_id, scopes, secretVersion: account.secret_version });
    // RFC 6749 §5.1: a token answer is never cached.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    res.json({ access_token: token, token_type: 'Bearer', expires_in: SERVICE_TOKEN_SECONDS, scope: [...scopes].sort().join(' ') });
  });
  return r;
}

const CREDENTIAL = /^[\x21-\x7e]{1,200}$/;

/** The client's id and secret: HTTP Basic (each part form-encoded, RFC 6749 §2.3.1) or the body, not both. */
function clientCredentials(req: Request, body: { client_id?: string; client_secret?: string }): { clientId: string; clientSecret: string } {
  const header = req.headers.authorization;
  const basic = header ? /^Basic +([A-Za-z0-9+/=]+)$/i.exec(header) : null;
  if (header && !basic) throw new HttpError('unauthenticated', 'The Authorization header must be "Basic <base64(client_id:client_secret)>".', { reason: 'invalid_client' });
  if (basic) {
    if (body.client_id !== undefined || body.client_secret !== undefined) {
      throw new HttpError('invalid_request', 'Give the client’s credentials once: HTTP Basic or the body, not both.');
    }
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new HttpError('unauthenticated', 'HTTP Basic needs client_id:client_secret.', { reason: 'invalid_client' });
    let parts: [string, string];
    try {
      parts = [decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1))];
    } catch {
      parts = ['', ''];
    }
    if (!parts.every((p) => CREDENTIAL.test(p))) throw new HttpError('unauthenticated', 'HTTP Basic’s client_id and client_secret are form-encoded visible characters.', { reason: 'invalid_client' });
    return { clientId: parts[0], clientSecret: parts[1] };
  }
  if (body.client_id === undefined || body.client_secret === undefined) {
    throw new HttpError('unauthenticated', 'The client authenticates with HTTP Basic, or client_id and client_secret in the body.', { reason: 'invalid_client' });
  }
  return { clientId: body.client_id, clientSecret: body.client_secret };
}
