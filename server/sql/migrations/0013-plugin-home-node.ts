import type { Migration } from '../migrate.ts'

/**
 * Cluster mode: the node that last ran a task item of each plugin, kept while no node runs it
 * (disabled, error, uninstalled). A plugin's data folder lives on that node, so the next operation
 * sent to any node goes back there while it is active, instead of starting the plugin empty on
 * whichever node took the request.
 */
export const pluginHomeNode: Migration = {
  version: 13,
  name: 'plugin-home-node',
  statements: ['ALTER TABLE plugins ADD COLUMN home_node text'],
}
