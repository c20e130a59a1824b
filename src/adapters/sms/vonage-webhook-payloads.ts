import { z } from 'zod';

/** Parse result: the value, or every problem found (for a 400 and the logs). */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** An inbound SMS from the Messages API v1 inbound webhook, numbers in E.164 with '+'. */
export interface InboundSms {
  /** Vonage's id of the inbound message; the key that makes webhook retries idempotent. */
  messageUuid: string;
  /** Our (the shop's) number. */
  to: string;
  /** The customer's number. */
  from: string;
  text: string;
  /** When Vonage received it; null when absent or unreadable. */
  timestamp: Date | null;
  /** How many SMS parts the carrier delivered it in, when Vonage says. */
  numMessages: number | null;
}

/** Our names for the Messages API delivery statuses. */
export type VonageDeliveryStatus = 'SUBMITTED' | 'DELIVERED' | 'READ' | 'REJECTED' | 'UNDELIVERABLE' | 'FAILED';

/** A Messages API v1 message status webhook (delivery receipt). */
export interface StatusReceipt {
  /** The id Vonage returned when we sent the message. */
  messageUuid: string;
  status: VonageDeliveryStatus;
  timestamp: Date | null;
  /** "title: detail" of Vonage's error object, for rejected/undeliverable/failed. */
  errorReason: string | null;
  /** Our message id, as sent in `client_ref`. */
  clientRef: string | null;
  /** The recipient (E.164 with '+'), when present and well formed. */
  to: string | null;
  /** The sender (E.164 with '+'), when present and well formed. */
  from: string | null;
}

const MAX_UUID = 100;
const MAX_NUMBER = 20;
const MAX_TEXT = 10_000;
const MAX_REF = 200;
const NUMBER_PATTERN = /^\+?\d+$/;

const STATUS_MAP: Record<string, VonageDeliveryStatus> = {
  submitted: 'SUBMITTED',
  delivered: 'DELIVERED',
  read: 'READ',
  rejected: 'REJECTED',
  undeliverable: 'UNDELIVERABLE',
  failed: 'FAILED',
};

const messageUuid = z
  .string({ error: 'is required and must be a string' })
  .min(1, { error: 'must not be empty' })
  .max(MAX_UUID, { error: `must be at most ${MAX_UUID} characters` });

const phoneNumber = z
  .string({ error: 'is required and must be a string' })
  .max(MAX_NUMBER, { error: `must be at most ${MAX_NUMBER} characters` })
  .regex(NUMBER_PATTERN, { error: "must be digits with an optional leading '+'" });

// Vonage documents ISO 8601 strings; anything else is informational only, so it becomes null
// instead of failing a webhook that Vonage would then retry for a day.
const timestamp = z.unknown().transform((value) => toDate(value));

// `sms.num_messages` is documented as a string ("2"); numbers are accepted too.
const partCount = z.unknown().transform((value) => {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
});

const inboundSchema = z.object({
  channel: z.literal('sms', { error: 'must be "sms"' }).optional(),
  message_type: z.literal('text', { error: 'must be "text"' }).optional(),
  message_uuid: messageUuid,
  to: phoneNumber,
  from: phoneNumber,
  text: z
    .string({ error: 'is required and must be a string' })
    .max(MAX_TEXT, { error: `must be at most ${MAX_TEXT} characters` }),
  timestamp: timestamp.optional(),
  sms: z.object({ num_messages: partCount.optional() }).optional().catch(undefined),
});

const statusSchema = z.object({
  message_uuid: messageUuid,
  status: z
    .string({ error: 'is required and must be a string' })
    .transform((value, ctx) => {
      const mapped = STATUS_MAP[value.toLowerCase()];
      if (!mapped) {
        ctx.addIssue({ code: 'custom', message: `unknown status "${value.slice(0, 40)}"` });
        return z.NEVER;
      }
      return mapped;
    }),
  timestamp: timestamp.optional(),
  // The rest only adds detail to a receipt that is keyed by message_uuid, so malformed values
  // are dropped rather than rejecting the whole receipt.
  client_ref: z.string().min(1).max(MAX_REF).optional().catch(undefined),
  to: phoneNumber.optional().catch(undefined),
  from: phoneNumber.optional().catch(undefined),
  error: z
    .object({
      type: z.string().optional().catch(undefined),
      // Vonage sends the error code as `title`, sometimes as a number (1000) rather than a string.
      title: z.union([z.string(), z.number()]).optional().catch(undefined),
      detail: z.string().optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

/** Validates a Messages API v1 inbound SMS webhook body (already JSON-parsed). */
export function parseInboundSms(json: unknown): ParseResult<InboundSms> {
  const parsed = inboundSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: toProblems(parsed.error) };
  const body = parsed.data;
  return {
    ok: true,
    value: {
      messageUuid: body.message_uuid,
      to: toE164(body.to),
      from: toE164(body.from),
      text: body.text,
      timestamp: body.timestamp ?? null,
      numMessages: body.sms?.num_messages ?? null,
    },
  };
}

/** Validates a Messages API v1 message status webhook body (already JSON-parsed). */
export function parseStatusReceipt(json: unknown): ParseResult<StatusReceipt> {
  const parsed = statusSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: toProblems(parsed.error) };
  const body = parsed.data;
  return {
    ok: true,
    value: {
      messageUuid: body.message_uuid,
      status: body.status,
      timestamp: body.timestamp ?? null,
      errorReason: describeError(body.error),
      clientRef: body.client_ref ?? null,
      to: body.to === undefined ? null : toE164(body.to),
      from: body.from === undefined ? null : toE164(body.from),
    },
  };
}

function toE164(number: string): string {
  return number.startsWith('+') ? number : `+${number}`;
}

function toDate(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function describeError(error: { type?: string; title?: string | number; detail?: string } | undefined): string | null {
  if (!error) return null;
  const title = error.title === undefined || error.title === '' ? null : String(error.title);
  const detail = error.detail ? error.detail : null;
  if (title && detail) return `${title}: ${detail}`;
  return title ?? detail ?? (error.type || null);
}

function toProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (path === '') return `body: ${issue.code === 'invalid_type' ? 'must be a JSON object' : issue.message}`;
    return `${path}: ${issue.message}`;
  });
}
