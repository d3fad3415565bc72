import type { Migration } from '../migrate.ts'

/**
 * Marketplace sources (npm-compatible registries per workspace, each token stored sealed), the
 * workspace's update policy, and pinned plugins.
 */
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
    `CREATE TABLE update_policies (
      workspace_id text PRIMARY KEY,
      mode text NOT NULL CHECK (mode IN ('manual', 'patch', 'minor')),
      maintenance_window jsonb
    )`,
    `CREATE TABLE plugin_pins (
      workspace_id text NOT NULL,
      plugin_id text NOT NULL,
      PRIMARY KEY (workspace_id, plugin_id)
    )`,
  ],
}
