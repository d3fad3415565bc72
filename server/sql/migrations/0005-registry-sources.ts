import type { Migration } from '../migrate.ts'

/** Marketplace sources: npm-compatible registries per workspace, each token stored sealed. */
export const registrySourcesSchema: Migration = {
  version: 5,
  name: 'registry-sources',
  statements: [
    `CREATE TABLE registry_sources (
      workspace_id text NOT NULL,
      id text NOT NULL,
      name text NOT NULL,
      url text NOT NULL,
      scope text,
      sealed_token text,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (workspace_id, id)
    )`,
  ],
}
