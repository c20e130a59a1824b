import { Migration } from '@mikro-orm/migrations';

/**
 * The vocabulary of customer names per shop, for typo search (see CustomerNameWordEntity).
 * A trigger keeps it, so every way a name reaches `customer.search_name` (the app, imports,
 * a hand-run UPDATE) adds its words; existing names are split once here.
 *
 * Why: at a million customers the trigram typo scan ("jonh smith") read ~400 heap pages and
 * took 40 ms warm; correcting "jonh" to "john" through exact lookups in this table, then
 * running the ordered prefix scans, takes about a millisecond.
 */
export class Migration20261130000000CustomerNameWords extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "customer_name_word" ("shop_id" uuid not null, "word" text collate "C" not null, constraint "customer_name_word_pkey" primary key ("shop_id", "word"));`);
    // The function and trigger exactly as MikroORM derives them from CustomerEntity's `triggers`.
    this.addSql(`create or replace function "customer_customer_name_words_keep_fn"() returns trigger as $$ begin if tg_op = 'UPDATE' and new.search_name = old.search_name then return null; end if; insert into customer_name_word (shop_id, word)
  select distinct new.shop_id, w from unnest(string_to_array(new.search_name, ' ')) as w where w <> ''
  on conflict do nothing; return null; end; $$ language plpgsql;`);
    this.addSql(`create trigger "customer_name_words_keep" AFTER INSERT OR UPDATE on "customer" for each ROW execute function "customer_customer_name_words_keep_fn"();`);
    this.addSql(`insert into "customer_name_word" ("shop_id", "word")
      select distinct "shop_id", w from "customer", unnest(string_to_array("search_name", ' ')) as w where w <> ''
      on conflict do nothing;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "customer_name_words_keep" on "customer";`);
    this.addSql(`drop function if exists "customer_customer_name_words_keep_fn"();`);
    this.addSql(`drop table if exists "customer_name_word";`);
  }
}
