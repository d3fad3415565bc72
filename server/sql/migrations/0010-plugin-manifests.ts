import type { Migration } from '../migrate.ts'

/**
 * The modules (with their config schemas) of each version a plugin was installed, reinstalled or
 * upgraded to, as its manifest declared them: the settings of a registry plugin come from here,
 * never from a second download of its tarball.
 */
export const pluginManifests: Migration = {
  version: 10,
  name: 'plugin-manifests',
  statements: [
    `CREATE TABLE plugin_manifests (
      workspace_id text NOT NULL,
      plugin_id text NOT NULL,
      version text NOT NULL,
      modules jsonb NOT NULL,
      PRIMARY KEY (workspace_id, plugin_id, version),
      FOREIGN KEY (workspace_id, plugin_id) REFERENCES plugins (workspace_id, id) ON DELETE CASCADE
    )`,
  ],
}
