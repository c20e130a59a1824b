import { Migration } from '@mikro-orm/migrations';

/** The whole data model of the inbox: shops, keys, customers, checkouts, campaigns, conversations, messages, escalations, knowledge base and the sequenced event log. */
export class Migration20261123000000InitialSchema extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "inbox_event" ("shop_id" uuid not null, "seq" bigint not null, "type" varchar(40) not null, "conversation_id" uuid null, "message_id" uuid null, "escalation_id" uuid null, "occurred_at" timestamptz(3) not null, primary key ("shop_id", "seq"));`);
    this.addSql(`create index "inbox_event_occurred_idx" on "inbox_event" ("occurred_at");`);
    this.addSql(`create table "shop" ("id" uuid not null, "name" varchar(200) not null, "sms_number" varchar(20) not null, "timezone" varchar(64) not null, "help_text" text not null, "handoff_text" text null, "currency_code" varchar(3) not null default 'USD', "event_seq" bigint not null default '0', "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, primary key ("id"));`);
    this.addSql(`alter table "shop" add constraint "shop_sms_number_unique" unique ("sms_number");`);
    this.addSql(`create table "knowledge_article" ("id" uuid not null, "shop_id" uuid not null, "title" varchar(200) not null, "body" text not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, primary key ("id"));`);
    this.addSql(`create index "knowledge_article_shop_idx" on "knowledge_article" ("shop_id", "updated_at" desc, "id" desc);`);
    this.addSql(`create table "customer" ("id" uuid not null, "shop_id" uuid not null, "phone" varchar(20) not null, "phone_digits" varchar(20) not null, "first_name" varchar(100) null, "last_name" varchar(100) null, "email" varchar(320) null, "city" varchar(100) null, "region" varchar(100) null, "country" varchar(2) null, "timezone" varchar(64) null, "tags" text[] not null default '{}', "sms_consent_status" text not null default 'PENDING', "sms_consent_updated_at" timestamptz(3) null, "sms_consent_source" varchar(100) null, "orders_count" int not null default 0, "total_spent" numeric(14,2) not null default '0.00', "currency_code" varchar(3) not null default 'USD', "last_order_at" timestamptz(3) null, "external_id" varchar(200) null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, primary key ("id"));`);
    this.addSql(`alter table "customer" add constraint "customer_shop_phone_unique" unique ("shop_id", "phone");`);
    this.addSql(`alter table "customer" add constraint "customer_shop_external_id_unique" unique ("shop_id", "external_id");`);
    this.addSql(`alter table "customer" add constraint "customer_sms_consent_status_check" check ("sms_consent_status" in ('SUBSCRIBED', 'UNSUBSCRIBED', 'PENDING'));`);
    this.addSql(`create table "checkout" ("id" uuid not null, "shop_id" uuid not null, "customer_id" uuid not null, "external_id" varchar(200) not null, "recovery_url" text not null, "total_price" numeric(14,2) not null, "currency_code" varchar(3) not null, "line_items" jsonb not null, "abandoned_at" timestamptz(3) not null, "recovered_at" timestamptz(3) null, "order_id" varchar(200) null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, primary key ("id"));`);
    this.addSql(`create index "checkout_customer_abandoned_idx" on "checkout" ("customer_id", "abandoned_at");`);
    this.addSql(`alter table "checkout" add constraint "checkout_shop_external_id_unique" unique ("shop_id", "external_id");`);
    this.addSql(`create table "campaign" ("id" uuid not null, "shop_id" uuid not null, "name" varchar(200) not null, "created_at" timestamptz(3) not null, primary key ("id"));`);
    this.addSql(`alter table "campaign" add constraint "campaign_shop_name_unique" unique ("shop_id", "name");`);
    this.addSql(`create table "conversation" ("id" uuid not null, "shop_id" uuid not null, "customer_id" uuid not null, "source" text not null, "campaign_id" uuid null, "checkout_id" uuid null, "is_flow" boolean not null default false, "status" text not null default 'OPEN', "handler" text not null default 'AI', "ai_active" boolean not null default true, "control_version" int not null default 0, "unread_count" int not null default 0, "message_count" int not null default 0, "last_message_id" uuid null, "first_message_at" timestamptz(3) null, "last_message_at" timestamptz(3) null, "last_read_at" timestamptz(3) null, "activity_at" timestamptz(3) not null, "open_escalation_id" uuid null, "open_escalation_reason" varchar(40) null, "resolved_at" timestamptz(3) null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, primary key ("id"));`);
    this.addSql(`create index "conversation_inbox_idx" on "conversation" ("shop_id", "activity_at" desc, "id" desc);`);
    this.addSql(`create index "conversation_escalated_idx" on "conversation" ("shop_id", "activity_at" desc, "id" desc) where "open_escalation_id" is not null;`);
    this.addSql(`create index "conversation_unread_idx" on "conversation" ("shop_id", "activity_at" desc, "id" desc) where "unread_count" > 0;`);
    this.addSql(`create index "conversation_status_idx" on "conversation" ("shop_id", "status", "activity_at" desc, "id" desc);`);
    this.addSql(`create index "conversation_customer_idx" on "conversation" ("customer_id", "activity_at" desc, "id" desc);`);
    this.addSql(`alter table "conversation" add constraint "conversation_source_check" check ("source" in ('CAMPAIGN', 'ABANDONED_CHECKOUT', 'INBOUND'));`);
    this.addSql(`alter table "conversation" add constraint "conversation_status_check" check ("status" in ('OPEN', 'RESOLVED'));`);
    this.addSql(`alter table "conversation" add constraint "conversation_handler_check" check ("handler" in ('AI', 'HUMAN'));`);
    this.addSql(`create table "message" ("id" uuid not null, "shop_id" uuid not null, "conversation_id" uuid not null, "direction" text not null, "author" text not null, "body" text not null, "delivery_status" text not null, "provider_message_id" varchar(100) null, "error_reason" text null, "segments" int not null default 1, "source_article_ids" uuid[] not null default '{}', "inbound_decision" varchar(80) null, "sent_by" varchar(200) null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, primary key ("id"));`);
    this.addSql(`create index "message_conversation_idx" on "message" ("conversation_id", "created_at", "id");`);
    this.addSql(`alter table "message" add constraint "message_shop_provider_id_unique" unique ("shop_id", "provider_message_id");`);
    this.addSql(`alter table "message" add constraint "message_direction_check" check ("direction" in ('INBOUND', 'OUTBOUND'));`);
    this.addSql(`alter table "message" add constraint "message_author_check" check ("author" in ('CUSTOMER', 'AI', 'AGENT', 'CAMPAIGN', 'FLOW', 'SYSTEM'));`);
    this.addSql(`alter table "message" add constraint "message_delivery_status_check" check ("delivery_status" in ('QUEUED', 'SUBMITTED', 'DELIVERED', 'READ', 'REJECTED', 'UNDELIVERABLE', 'FAILED', 'RECEIVED'));`);
    this.addSql(`create table "escalation" ("id" uuid not null, "shop_id" uuid not null, "conversation_id" uuid not null, "reason" text not null, "summary" text not null, "detected_by" varchar(100) not null, "triggering_message_id" uuid null, "status" text not null default 'OPEN', "note" text null, "created_at" timestamptz(3) not null, "taken_over_at" timestamptz(3) null, "resolved_at" timestamptz(3) null, primary key ("id"));`);
    this.addSql(`create index "escalation_conversation_idx" on "escalation" ("conversation_id", "created_at");`);
    this.addSql(`create index "escalation_shop_created_idx" on "escalation" ("shop_id", "created_at");`);
    this.addSql(`alter table "escalation" add constraint "escalation_reason_check" check ("reason" in ('KNOWLEDGE_GAP', 'HUMAN_REQUESTED', 'DAMAGED_DEFECTIVE_OR_WRONG_ITEM', 'RETURN_REFUND_OR_EXCHANGE', 'BILLING_OR_SENSITIVE', 'REPEATED_FRUSTRATION', 'ABUSIVE_LANGUAGE', 'MALICIOUS_BEHAVIOR', 'MANUAL', 'AI_UNAVAILABLE'));`);
    this.addSql(`alter table "escalation" add constraint "escalation_status_check" check ("status" in ('OPEN', 'TAKEN_OVER', 'RESOLVED'));`);
    this.addSql(`create table "api_key" ("id" uuid not null, "shop_id" uuid not null, "name" varchar(100) not null, "token_hash" varchar(64) not null, "prefix" varchar(16) not null, "created_at" timestamptz(3) not null, "last_used_at" timestamptz(3) null, "revoked_at" timestamptz(3) null, primary key ("id"));`);
    this.addSql(`create index "api_key_shop_idx" on "api_key" ("shop_id");`);
    this.addSql(`alter table "api_key" add constraint "api_key_token_hash_unique" unique ("token_hash");`);
    this.addSql(`alter table "knowledge_article" add constraint "knowledge_article_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on delete cascade;`);
    this.addSql(`alter table "customer" add constraint "customer_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on delete cascade;`);
    this.addSql(`alter table "checkout" add constraint "checkout_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on delete cascade;`);
    this.addSql(`alter table "checkout" add constraint "checkout_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on delete cascade;`);
    this.addSql(`alter table "campaign" add constraint "campaign_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on delete cascade;`);
    this.addSql(`alter table "conversation" add constraint "conversation_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on delete cascade;`);
    this.addSql(`alter table "conversation" add constraint "conversation_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on delete cascade;`);
    this.addSql(`alter table "conversation" add constraint "conversation_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on delete set null;`);
    this.addSql(`alter table "conversation" add constraint "conversation_checkout_id_foreign" foreign key ("checkout_id") references "checkout" ("id") on delete set null;`);
    this.addSql(`alter table "message" add constraint "message_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on delete cascade;`);
    this.addSql(`alter table "message" add constraint "message_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on delete cascade;`);
    this.addSql(`alter table "escalation" add constraint "escalation_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on delete cascade;`);
    this.addSql(`alter table "escalation" add constraint "escalation_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on delete cascade;`);
    this.addSql(`alter table "escalation" add constraint "escalation_triggering_message_id_foreign" foreign key ("triggering_message_id") references "message" ("id") on delete set null;`);
    this.addSql(`alter table "api_key" add constraint "api_key_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on delete cascade;`);
  }

  override async down(): Promise<void> {
    for (const table of ["inbox_event", "api_key", "escalation", "message", "conversation", "campaign", "checkout", "customer", "knowledge_article", "shop"]) {
      this.addSql(`drop table if exists "${table}" cascade;`);
    }
  }
}
