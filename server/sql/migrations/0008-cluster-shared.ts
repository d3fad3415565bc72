import type { Migration } from '../migrate.ts'

/**
 * Cluster mode: uploaded packages live in the database (docs/decisions/0010-cluster-shared-state.md),
 * so a package uploaded through one node installs through any other, and a plugin installed from
 * an upload can move to any node. The bytes are kept as they were verified, with their manifest
 * and sha256; a node unpacks them into its own DATA_DIR when it needs them.
 */
export const clusterShared: Migration = {
  version: 8,
  name: 'cluster-shared',
  statements: [
    `CREATE TABLE uploaded_packages (
      id text PRIMARY KEY,
      workspace_id text NOT NULL,
      manifest text NOT NULL,
      sha256 text NOT NULL,
      archive bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    'CREATE INDEX uploaded_packages_workspace ON uploaded_packages (workspace_id)',
  ],
}
