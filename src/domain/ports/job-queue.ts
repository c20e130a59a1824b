/**
 * Background work, durable in the database. Jobs enqueued through a transaction's
 * {@link JobScheduler} exist exactly when that transaction commits: an acknowledged inbound
 * message always has its processing job, and a rolled-back change never leaves one behind.
 */
export const JOBS = {
  /** Run the inbound gate on a stored inbound message. */
  processInbound: 'inbound-process',
  /** Hand one stored outbound message to the SMS gateway. */
  sendSms: 'sms-send',
  /** Ask the agent brain to answer an inbound message the gate handed to the AI. */
  agentReply: 'agent-reply',
  /** Bring the customer search index up to date with one customer. */
  syncSearch: 'search-sync',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** Every job names the shop and the message it is about; handlers reload the rest. */
export interface MessageJob {
  shopId: string;
  messageId: string;
  /** For agent replies: the conversation's control version when the AI was asked. */
  controlVersion?: number;
}

/** A job about one customer. */
export interface CustomerJob {
  shopId: string;
  customerId: string;
}

export type JobData = MessageJob | CustomerJob;

export interface JobScheduler {
  /**
   * Enqueues `name` with `data` in the current unit of work. `singletonKey` makes a second
   * enqueue of the same key a no-op while the first is pending.
   */
  enqueue(name: JobName, data: JobData, options?: { singletonKey?: string }): Promise<void>;
}
