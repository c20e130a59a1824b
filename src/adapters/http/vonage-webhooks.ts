import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../observability/logger.ts';
import { maskPhone } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { verifyVonageSignature } from '../sms/vonage-webhook-signature.ts';
import { parseInboundSms, parseStatusReceipt } from '../sms/vonage-webhook-payloads.ts';
import type { ServiceContext } from '../../domain/use-cases/service-context.ts';
import { receiveInboundSms } from '../../domain/use-cases/receive-inbound-sms.ts';
import { applyDeliveryReceipt } from '../../domain/use-cases/apply-delivery-receipt.ts';

/** Options of {@link useVonageWebhooks}. */
export interface VonageWebhooksOptions {
  /** A use-case context on a fresh EntityManager, one per request. */
  services: () => ServiceContext;
  /** `VONAGE_SIGNATURE_SECRET`; when set, unsigned or badly signed requests get 401 and change nothing. */
  signatureSecret: string | null;
  logger: Logger;
  metrics: Metrics;
}

/** Webhook bodies are a few hundred bytes; anything past this is not Vonage. */
const MAX_WEBHOOK_BYTES = 64 * 1024;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * `POST /webhooks/vonage/inbound` and `POST /webhooks/vonage/status` (Messages API v1). A
 * verified, well-formed request is stored in one transaction (with the job that processes it)
 * and answered 200; the gate, the AI and sending run afterwards in the job queue. A replayed
 * `message_uuid` is answered 200 and changes nothing. A database failure answers 500 so that
 * Vonage retries: nothing it sent is lost.
 */
export function useVonageWebhooks(options: VonageWebhooksOptions): Plugin {
  const routes: Record<string, 'inbound' | 'status'> = {
    '/webhooks/vonage/inbound': 'inbound',
    '/webhooks/vonage/status': 'status',
  };
  return {
    async onRequest({ url, request, endResponse }) {
      const kind = routes[url.pathname];
      if (!kind) return;
      const respond = (status: number, body: unknown) => {
        options.metrics.webhookRequests.inc({ kind, status: String(status) });
        endResponse(json(status, body));
      };
      if (request.method !== 'POST') return respond(405, { error: 'Use POST.' });
      const raw = await request.text();
      if (Buffer.byteLength(raw) > MAX_WEBHOOK_BYTES) return respond(413, { error: 'Body too large.' });
      if (options.signatureSecret) {
        const verdict = verifyVonageSignature(request.headers.get('authorization'), raw, options.signatureSecret);
        if (!verdict.ok) {
          options.logger.warn({ kind, reason: verdict.reason }, 'rejected unsigned or badly signed webhook');
          return respond(401, { error: 'Invalid signature.' });
        }
      }
      let payload: unknown;
      try {
        payload = JSON.parse(raw);
      } catch {
        return respond(400, { error: 'Body is not JSON.' });
      }
      try {
        if (kind === 'inbound') {
          const parsed = parseInboundSms(payload);
          if (!parsed.ok) return respond(400, { error: 'Not an inbound SMS payload.', problems: parsed.problems });
          const sms = parsed.value;
          const result = await receiveInboundSms(options.services(), {
            to: sms.to, from: sms.from, text: sms.text, providerMessageId: sms.messageUuid,
          });
          if (result.outcome === 'unknown-number') {
            // Not ours to store: answered 200 so Vonage does not retry for a day, and logged.
            options.logger.warn({ to: maskPhone(sms.to), messageUuid: sms.messageUuid }, 'inbound SMS for a number no shop owns');
          }
          return respond(200, { status: result.outcome });
        }
        const parsed = parseStatusReceipt(payload);
        if (!parsed.ok) return respond(400, { error: 'Not a message status payload.', problems: parsed.problems });
        const r = parsed.value;
        const outcome = await applyDeliveryReceipt(options.services(), {
          providerMessageId: r.messageUuid, status: r.status, errorReason: r.errorReason, clientRef: r.clientRef,
          numbers: [r.from, r.to].filter((n): n is string => Boolean(n)),
        });
        return respond(200, { status: outcome });
      } catch (error) {
        options.logger.error({ err: error, kind }, 'webhook processing failed; Vonage will retry');
        return respond(500, { error: 'Temporarily unable to store the event; retry.' });
      }
    },
  };
}
