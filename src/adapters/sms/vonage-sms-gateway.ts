import { createPrivateKey } from 'node:crypto';
import { SMS } from '@vonage/messages';
import type { Messages } from '@vonage/messages';
import { Vonage } from '@vonage/server-sdk';
import { SmsSendError, type OutboundSms, type SmsGateway } from '../../domain/ports/sms-gateway.ts';

/** Options of {@link VonageSmsGateway}. */
export interface VonageSmsGatewayOptions {
  /** The Vonage application whose private key signs each request (JWT, RS256). */
  applicationId: string;
  /** The application's private key as PEM text (a `\n`-escaped single line is accepted too). */
  privateKey: string;
  /**
   * Base URL of the Messages API, without `/v1/messages` (default `https://api.nexmo.com`).
   * Used for regional endpoints and for tests against a fake server.
   */
  apiHost?: string | null;
  /** Per-request time limit; a request that takes longer fails as retryable. Default 10 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Sends SMS through the Vonage Messages API v1 with the official SDK. */
export class VonageSmsGateway implements SmsGateway {
  readonly kind = 'vonage' as const;
  readonly #messages: Messages;

  constructor(options: VonageSmsGatewayOptions) {
    const privateKey = normalisePem(options.privateKey);
    // Fail at start-up rather than on the first send: a key the SDK cannot sign with would
    // otherwise surface as a send failure on every message.
    try {
      createPrivateKey(privateKey);
    } catch (error) {
      throw new Error('VONAGE_PRIVATE_KEY is not a valid PEM private key.', { cause: error });
    }
    const apiHost = options.apiHost?.trim().replace(/\/+$/, '') || undefined;
    const vonage = new Vonage(
      { applicationId: options.applicationId, privateKey },
      // Option names from @vonage/server-client ConfigParams: `apiHost` is the base the
      // Messages client appends `/v1/messages` to; `timeout` is in milliseconds.
      { apiHost, timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS },
    );
    this.#messages = vonage.messages;
  }

  async send(sms: OutboundSms, signal?: AbortSignal): Promise<{ providerMessageId: string }> {
    if (signal?.aborted) throw abortedError(signal);
    const message = new SMS({
      // The SDK's param type asks for these although the SMS class fixes them itself.
      channel: 'sms',
      messageType: 'text',
      // Vonage wants international numbers without the leading '+'.
      to: withoutPlus(sms.to, 'to'),
      from: withoutPlus(sms.from, 'from'),
      text: sms.text,
      clientRef: sms.clientRef,
    });
    let result: { messageUUID: string };
    try {
      const sending = this.#messages.send(message);
      result = signal ? await raceAbort(sending, signal) : await sending;
    } catch (error) {
      throw await toSendError(error);
    }
    if (typeof result?.messageUUID !== 'string' || result.messageUUID === '') {
      // Vonage accepted the request, so the SMS is probably on its way: retrying would risk a
      // duplicate text to the customer, which is worse than a message without a provider id.
      throw new SmsSendError('Vonage accepted the message but returned no message_uuid.', {
        retryable: false,
        code: 'no_message_uuid',
      });
    }
    return { providerMessageId: result.messageUUID };
  }
}

function normalisePem(value: string): string {
  // Keys pasted into env files often arrive as one line with literal "\n" sequences.
  return value.includes('\\n') && !value.includes('\n') ? value.replace(/\\n/g, '\n') : value;
}

function withoutPlus(number: string, field: 'to' | 'from'): string {
  const digits = number.trim().replace(/^\+/, '');
  if (!/^\d{6,15}$/.test(digits)) {
    throw new SmsSendError(`"${number}" is not an E.164 number Vonage can use as "${field}".`, {
      retryable: false,
      code: 'invalid_number',
    });
  }
  return digits;
}

function abortedError(signal: AbortSignal): SmsSendError {
  // The request may or may not have reached Vonage; the job decides whether to try again.
  return new SmsSendError('Sending was aborted before Vonage answered.', { retryable: true, code: 'aborted', cause: signal.reason });
}

/** The SDK takes no AbortSignal, so an abort stops our waiting, not the HTTP request itself. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The RFC 7807 problem body Vonage answers errors with. */
interface VonageProblem {
  type?: unknown;
  title?: unknown;
  detail?: unknown;
  invalid_parameters?: unknown;
}

/**
 * Classifies what the SDK threw. The SDK throws a VetchError carrying the unread fetch
 * `Response` for non-2xx answers, a DOMException `AbortError` when its `timeout` fires, and
 * fetch's `TypeError` when the connection fails.
 */
async function toSendError(error: unknown): Promise<SmsSendError> {
  if (error instanceof SmsSendError) return error;
  const response = responseOf(error);
  if (response) {
    const status = response.status;
    const problem = await readProblem(response);
    const retryable = status === 408 || status === 429 || status >= 500;
    const reason = describeProblem(problem) ?? (response.statusText || 'no details');
    const type = typeof problem?.type === 'string' && problem.type ? problem.type : null;
    return new SmsSendError(`Vonage answered HTTP ${status}: ${reason}`, {
      retryable,
      code: type ?? String(status),
      cause: error,
    });
  }
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'AbortError' || name === 'TimeoutError') {
    return new SmsSendError('Vonage did not answer in time.', { retryable: true, code: 'timeout', cause: error });
  }
  if (error instanceof TypeError && isNetworkError(error)) {
    const cause = (error as { cause?: { code?: unknown } }).cause;
    const code = typeof cause?.code === 'string' ? cause.code : 'network';
    return new SmsSendError(`Could not reach Vonage (${code}).`, { retryable: true, code, cause: error });
  }
  // Anything else happened before a request went out (for example, signing the JWT), so
  // repeating it would fail the same way.
  const message = error instanceof Error ? error.message : String(error);
  return new SmsSendError(`Sending through Vonage failed: ${message}`, { retryable: false, code: 'client_error', cause: error });
}

function responseOf(error: unknown): Response | null {
  if (typeof error !== 'object' || error === null || !('response' in error)) return null;
  const response = (error as { response?: unknown }).response;
  return response instanceof Response ? response : null;
}

function isNetworkError(error: TypeError): boolean {
  // undici reports every connection-level failure as TypeError("fetch failed") with the
  // system error (ECONNREFUSED, ECONNRESET, ENOTFOUND, ...) as its cause.
  return error.message === 'fetch failed' || error.cause !== undefined;
}

async function readProblem(response: Response): Promise<VonageProblem | null> {
  try {
    const text = await response.text();
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as VonageProblem) : null;
  } catch {
    return null;
  }
}

function describeProblem(problem: VonageProblem | null): string | null {
  if (!problem) return null;
  const parts = [problem.title, problem.detail].filter((p): p is string => typeof p === 'string' && p !== '');
  const invalid: string[] = [];
  if (Array.isArray(problem.invalid_parameters)) {
    for (const entry of problem.invalid_parameters as unknown[]) {
      const { name, reason } = (entry ?? {}) as { name?: unknown; reason?: unknown };
      if (typeof name === 'string' && typeof reason === 'string') invalid.push(`${name}: ${reason}`);
    }
  }
  if (parts.length === 0 && invalid.length === 0) return null;
  return parts.join(': ') + (invalid.length > 0 ? ` (${invalid.join('; ')})` : '');
}
