import type { Migration } from '../migrate.ts'

/**
 * Plugin configuration versions. Plain values in `values`; secret fields only sealed (AES-256-GCM,
 * the server's key) in `sealed`. The version in force is the newest `applied` one, so every node
 * starts a plugin with the same values.
 */
export const pluginConfigSchema: Migration = {
  version: 4,
  name: 'plugin-config',
  statements: [
    `CREATE TABLE plugin_configs (
      workspace_id text NOT NULL,
      plugin_id text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      status text NOT NULL CHECK (status IN ('pending', 'applied', 'failed', 'discarded')),
      "values" jsonb NOT NULL DEFAULT '{}',
      sealed jsonb NOT NULL DEFAULT '{}',
      changes jsonb NOT NULL DEFAULT '[]',
      actor text NOT NULL,
      at timestamptz NOT NULL,
      reason text NOT NULL,
      task_id text,
      PRIMARY KEY (workspace_id, plugin_id, version),
      FOREIGN KEY (workspace_id, plugin_id) REFERENCES plugins (workspace_id, id) ON DELETE CASCADE
    )`,
  ],
}
