/** One SMS to hand to the provider. Numbers are E.164 with '+'. */
export interface OutboundSms {
  /** The shop's own number, E.164 with '+'. */
  from: string;
  /** The customer's number, E.164 with '+'. */
  to: string;
  /** The body as the customer will read it. */
  text: string;
  /** Our message id, echoed back by the provider as `client_ref` in delivery receipts. */
  clientRef: string;
}

/**
 * Where outbound SMS leave the system. The send job retries only when the gateway says a
 * failure is retryable, so implementations must classify every failure they throw.
 */
export interface SmsGateway {
  /** Which implementation is wired in, shown by readiness/ops output. */
  readonly kind: 'vonage' | 'recording';
  /** Hands one SMS to the provider; resolves with the provider's id. Throws SmsSendError. */
  send(sms: OutboundSms, signal?: AbortSignal): Promise<{ providerMessageId: string }>;
}

/** Options of {@link SmsSendError}. */
export interface SmsSendErrorOptions {
  /**
   * True when trying the same message again later may succeed (network trouble, timeouts,
   * rate limits, provider outages); false when it never will (bad credentials, invalid number).
   */
  retryable: boolean;
  /** The provider's error code or type, or the HTTP status, when known. */
  code?: string | null;
  /** The underlying error, kept for logs. */
  cause?: unknown;
}

/** A send that did not reach the provider, classified so the caller knows whether to retry. */
export class SmsSendError extends Error {
  readonly retryable: boolean;
  readonly code: string | null;

  constructor(message: string, options: SmsSendErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SmsSendError';
    this.retryable = options.retryable;
    this.code = options.code ?? null;
  }
}
