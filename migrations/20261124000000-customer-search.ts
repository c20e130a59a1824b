import { Migration } from '@mikro-orm/migrations';

/**
 * Customer search on PostgreSQL/PGlite: a normalised name column with a trigram index (typos,
 * words inside the name) and an ordered prefix index, and prefix/suffix indexes on the phone
 * digits (people type the start or the end of a number). PGlite needs the `pg_trgm` contrib
 * extension loaded when it is created.
 */
export class Migration20261124000000CustomerSearch extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm;`);
    // Written by the application (normalizeName) on every save; accents are folded there, so no unaccent() at query time.
    this.addSql(`alter table "customer" add column "search_name" text not null default '';`);
    // Existing rows: the same steps as normalizeName in src/domain/customer/customer-search-query.ts.
    this.addSql(`update "customer" set "search_name" = btrim(regexp_replace(regexp_replace(replace(replace(replace(replace(translate(lower(regexp_replace(normalize(coalesce("first_name", '') || ' ' || coalesce("last_name", ''), NFKD), '[\\u0300-\\u036f]', '', 'g')), 'øłđðı', 'olddi'), 'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'), 'þ', 'th'), '[''’\`]', '', 'g'), '[^[:alnum:]]+', ' ', 'g')) where "first_name" is not null or "last_name" is not null;`);
    // Fuzzy and word-prefix matching ("jonh", "smith" inside "john smith").
    this.addSql(`create index "customer_search_name_trgm_idx" on "customer" using gin ("search_name" gin_trgm_ops);`);
    // Names that start with what was typed, already in order: an index-only scan that stops at the limit.
    this.addSql(`create index "customer_search_name_prefix_idx" on "customer" ("shop_id", "search_name" collate "C", "id");`);
    // text_pattern_ops: LIKE 'abc%' becomes an index range scan whatever the database collation.
    this.addSql(`create index "customer_phone_prefix_idx" on "customer" ("shop_id", "phone_digits" text_pattern_ops);`);
    // Typing the end of a number ("0134") is a prefix search on the reversed digits.
    this.addSql(`create index "customer_phone_suffix_idx" on "customer" ("shop_id", reverse("phone_digits") text_pattern_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "customer_phone_suffix_idx";`);
    this.addSql(`drop index if exists "customer_phone_prefix_idx";`);
    this.addSql(`drop index if exists "customer_search_name_prefix_idx";`);
    this.addSql(`drop index if exists "customer_search_name_trgm_idx";`);
    this.addSql(`alter table "customer" drop column if exists "search_name";`);
    // pg_trgm stays: other objects may use it, and dropping an extension is not ours to decide.
  }
}
