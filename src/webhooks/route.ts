import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { requestIdFrom } from '../door/request-id.js';
import { CacheInvalidationFailed } from '../cache/index.js';
import type { OmsAccount } from '../tenancy/accounts.js';
import { BalanceLookupFailed } from './balances.js';
import { EventLogUnavailable, readEvent, type WebhookIngestion } from './ingest.js';
import { CustomerLookupFailed } from './router.js';
import { verifyWebhookSignature, type SignatureFailure } from './signature.js';
import type { Rejection } from './stats.js';

/**
 * POST /webhooks/oms/:omsAccountId, mounted at /webhooks/oms. The answer is OMS's only signal: any
 * 2xx means "never send this again", so 2xx comes only once the event is in the event log (or was
 * deliberately dropped: not a transaction event, or nobody's). Refusals publish nothing:
 *
 *   404  unknown account (the body is not read)
 *   413  body over maxBytes (read no further)
 *   401  Webhook-Signature missing, malformed, or matching no secret of the account
 *   400  signature timestamp more than 300 s off (old or future); compressed or aborted body;
 *        not UTF-8 JSON; not an OMS event envelope; a transaction.* event without a transaction
 *   503  the event log, the OMS customer lookup or the read cache's invalidation failed: OMS delivers
 *        again later (Retry-After)
 *   500  anything unexpected (OMS delivers again too)
 */

export interface WebhookRouteOptions {
  /** Looked up per delivery, like the GraphQL context does. */
  accounts: ReadonlyMap<string, OmsAccount>;
  ingestion: WebhookIngestion;
  maxBytes: number;
  logger: Logger;
  /** Starts each delivery's span once its body is read (src/tracing/webhook.ts); no tracing when not given. */
  spans?: RequestHandler | undefined;
}

const STATUS: Record<Rejection, number> = {
  unknown_account: 404,
  missing_signature: 401,
  invalid_signature: 401,
  timestamp_out_of_range: 400,
  payload_too_large: 413,
  invalid_body: 400,
  invalid_json: 400,
  invalid_event: 400,
};

const SIGNATURE_REJECTION: Record<SignatureFailure, Rejection> = {
  missing: 'missing_signature',
  malformed: 'invalid_signature',
  mismatch: 'invalid_signature',
  timestamp_out_of_range: 'timestamp_out_of_range',
};

const SIGNATURE_MESSAGE: Record<SignatureFailure, string> = {
  missing: 'Expected a Webhook-Signature header',
  malformed: 'Expected Webhook-Signature as t=<unix seconds>,v1=<64 hex digits>',
  mismatch: 'The Webhook-Signature does not match the body under any secret of this account',
  timestamp_out_of_range: 'The Webhook-Signature timestamp is more than 300 s away from now',
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function webhookRoutes({ accounts, ingestion, maxBytes, logger, spans }: WebhookRouteOptions): Router {
  const { counts } = ingestion.counters;
  const router = Router();

  function refuse(res: Response, reason: Rejection, message: string, accountId: string | undefined): void {
    counts.rejected[reason] += 1;
    logger.warn({ accountId, reason, requestId: res.locals.requestId }, `webhook refused: ${message}`);
    res.status(STATUS[reason]).json({ error: { code: reason, message } });
  }

  function knownAccount(req: Request, res: Response, next: NextFunction): void {
    counts.received += 1;
    // The same request id as every other door of the gateway: the caller's when well-formed, echoed back.
    res.locals.requestId = requestIdFrom(req.header('x-request-id'));
    res.setHeader('X-Request-Id', res.locals.requestId);
    const account = accounts.get(String(req.params.omsAccountId));
    if (!account) return refuse(res, 'unknown_account', 'No such OMS account', undefined);
    res.locals.account = account;
    next();
  }

  // The signature covers the bytes as sent, so nothing may parse or inflate them first.
  const rawBody = express.raw({ type: () => true, limit: maxBytes, inflate: false });

  async function receive(req: Request, res: Response): Promise<void> {
    const account = res.locals.account as OmsAccount;
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    // The embedded sandbox signs with its own clock, which tests move forward.
    const nowMs = account.now();
    const check = verifyWebhookSignature({
      header: req.header('webhook-signature'),
      rawBody: body,
      secret: account.webhookSecrets,
      nowSeconds: Math.floor(nowMs / 1000),
    });
    if (!check.ok) return refuse(res, SIGNATURE_REJECTION[check.reason], SIGNATURE_MESSAGE[check.reason], account.id);

    let json: unknown;
    try {
      json = JSON.parse(utf8.decode(body));
    } catch {
      return refuse(res, 'invalid_json', 'Expected a UTF-8 JSON body', account.id);
    }
    const read = readEvent(json);
    if (read.kind === 'invalid') return refuse(res, 'invalid_event', read.problem, account.id);

    try {
      const outcome = await ingestion.ingest(account, read);
      logger.debug({ accountId: account.id, eventId: read.envelope.id, event: read.envelope.event, outcome: outcome.kind }, 'webhook taken');
      res.status(200).json({ received: true });
    } catch (error) {
      if (
        error instanceof EventLogUnavailable ||
        error instanceof CustomerLookupFailed ||
        error instanceof BalanceLookupFailed ||
        error instanceof CacheInvalidationFailed
      ) {
        counts.unavailable += 1;
        logger.error({ err: error, accountId: account.id, eventId: read.envelope.id }, 'webhook not taken: OMS will deliver it again');
        res.setHeader('Retry-After', '5');
        res.status(503).json({ error: { code: 'unavailable', message: 'The event could not be stored now; deliver it again later' } });
        return;
      }
      throw error;
    }
  }

  router.post('/:omsAccountId', knownAccount, rawBody, ...(spans ? [spans] : []), receive);

  // body-parser's refusals (too large, compressed, aborted) and the unexpected.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const accountId = (res.locals.account as OmsAccount | undefined)?.id;
    const type = (error as { type?: unknown }).type;
    const status = (error as { status?: unknown }).status;
    if (type === 'entity.too.large') return refuse(res, 'payload_too_large', `Expected a body of at most ${maxBytes} bytes`, accountId);
    if (typeof status === 'number' && status >= 400 && status < 500)
      return refuse(res, 'invalid_body', 'Expected an uncompressed body, read in full', accountId);
    logger.error({ err: error, accountId }, 'webhook route failed');
    res.status(500).json({ error: { code: 'internal_error', message: 'Internal error' } });
  });
  return router;
}
