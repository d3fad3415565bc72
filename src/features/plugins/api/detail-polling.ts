import type { PluginDetail } from '#core/api/plugin-schemas.ts'

/** How often a plugin's page refreshes while something is about to change (SPEC §4). */
export const DETAIL_POLL_MS = 5_000

/**
 * The plugin page polls only while the plugin is in a transient state: a task is running on it, the
 * supervisor has a restart scheduled, or its health is recovering. A settled plugin is not polled.
 */
export function detailPollInterval(plugin: PluginDetail | undefined): number | false {
  if (!plugin) return false
  if (plugin.activeTaskId !== null) return DETAIL_POLL_MS
  if (plugin.runtime?.nextRestartAt) return DETAIL_POLL_MS
  if (plugin.health === 'recovering') return DETAIL_POLL_MS
  return false
}
