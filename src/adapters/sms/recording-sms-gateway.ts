import { randomUUID } from 'node:crypto';
import type { OutboundSms, SmsGateway } from '../../domain/ports/sms-gateway.ts';

/** How many sent messages are kept; older ones are dropped so a long-running dev server stays small. */
const KEEP_LAST = 1000;

/**
 * The gateway used when Vonage is not configured: nothing leaves the machine. Outbound messages
 * are still stored by the caller like real ones; this keeps the recent ones for tests and demos.
 */
export class RecordingSmsGateway implements SmsGateway {
  readonly kind = 'recording' as const;
  /** The last {@link KEEP_LAST} messages handed to {@link send}, oldest first. */
  readonly sent: OutboundSms[] = [];

  async send(sms: OutboundSms, signal?: AbortSignal): Promise<{ providerMessageId: string }> {
    signal?.throwIfAborted();
    // A copy, so a caller mutating its object later cannot rewrite the record.
    this.sent.push({ from: sms.from, to: sms.to, text: sms.text, clientRef: sms.clientRef });
    if (this.sent.length > KEEP_LAST) this.sent.splice(0, this.sent.length - KEEP_LAST);
    return { providerMessageId: `rec-${randomUUID()}` };
  }
}
