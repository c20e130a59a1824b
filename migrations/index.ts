import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000000InitialSchema } from './20261123000000-initial-schema.ts';
import { Migration20261124000000CustomerSearch } from './20261124000000-customer-search.ts';
import { Migration20261125000000NameWordPrefix } from './20261125000000-name-word-prefix.ts';
import { Migration20261130000000CustomerNameWords } from './20261130000000-customer-name-words.ts';

/**
 * Every migration, in order. Listed explicitly instead of globbed from disk so the same list
 * works from source, in tests and in a container, and a missing file is a load error.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123000000InitialSchema', class: Migration20261123000000InitialSchema },
  { name: 'Migration20261124000000CustomerSearch', class: Migration20261124000000CustomerSearch },
  { name: 'Migration20261125000000NameWordPrefix', class: Migration20261125000000NameWordPrefix },
  { name: 'Migration20261130000000CustomerNameWords', class: Migration20261130000000CustomerNameWords },
];
