import type { Migration } from '../migrate.ts'

/**
 * Cluster mode (docs/decisions/0011-cluster-shared-state.md): uploaded packages live in the
 * database, so a package uploaded through one node installs through any other, and a plugin
 * installed from an upload can move to any node (the bytes as they were verified, with their
 * manifest and sha256). Each node reports the runtime diagnostics, health history and log tail of
 * the workers it runs, so every node shows the same for every plugin.
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
    `CREATE TABLE plugin_runtime (
      workspace_id text NOT NULL,
      plugin_id text NOT NULL,
      node_id text NOT NULL,
      info text NOT NULL,
      health_history text NOT NULL,
      log_tail text,
      reported_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, plugin_id)
    )`,
    'CREATE INDEX plugin_runtime_reported ON plugin_runtime (reported_at)',
  ],
}
