import type { PluginDetail } from '#core/api/plugin-schemas.ts'

/** How often a plugin's page refreshes while something is about to change (docs/runtime.md). */
export const DETAIL_POLL_MS = 5_000

/**
 * How often the page of a plugin with a live worker refreshes while nothing is scheduled: a worker
 * can crash or turn unhealthy at any moment, and the page must not show it alive for long after.
 * One health-check interval (docs/runtime.md: every 30 s) is as fresh as the server's own knowledge.
 */
export const WATCH_POLL_MS = 30_000

/**
 * The plugin page polls fast while the plugin is in a transient state (a task running on it, a
 * restart scheduled, health recovering, a crash loop not yet over), slowly while a worker runs
 * steadily, and not at all when no worker runs and nothing is scheduled (disabled, in error,
 * waiting for an admin's approval).
 */
export function detailPollInterval(plugin: PluginDetail | undefined): number | false {
  if (!plugin) return false
  if (plugin.activeTaskId !== null) return DETAIL_POLL_MS
  if (plugin.runtime?.nextRestartAt) return DETAIL_POLL_MS
  if (plugin.health === 'recovering') return DETAIL_POLL_MS
  if (plugin.status !== 'ready' || !plugin.runtime?.pid) return false
  // A worker that crashed recently (the counter resets only after 10 min of stable running) may
  // crash again any second: follow it closely until the supervisor calls it stable or gives up.
  return plugin.runtime.restarts.consecutive > 0 ? DETAIL_POLL_MS : WATCH_POLL_MS
}
