/** Persisted plugin statuses (docs/lifecycle.md). Plain constants so the SPA can use them without loading zod. */
export const PLUGIN_STATUSES = [
  'installed',
  'ready',
  'disabled',
  'error',
  'upgrade_pending',
  'uninstalled',
] as const
export type PluginStatus = (typeof PLUGIN_STATUSES)[number]

/**
 * The lifecycle table: the single source of truth for which status may follow which.
 * The server validates every write against it; the UI derives the actions it offers from it.
 */
const TRANSITIONS: Record<PluginStatus, readonly PluginStatus[]> = {
  installed: ['ready', 'error', 'uninstalled'],
  ready: ['ready', 'disabled', 'error', 'upgrade_pending', 'uninstalled'],
  disabled: ['ready', 'error', 'uninstalled'],
  error: ['ready', 'disabled', 'uninstalled'],
  upgrade_pending: ['ready', 'upgrade_pending', 'error', 'uninstalled'],
  // uninstalled → uninstalled is the purge of a soft-uninstalled plugin: its files and data are
  // deleted, then its row (deleting a row is not a status).
  uninstalled: ['installed', 'uninstalled'],
}

/** Whether a plugin in status `from` may move to status `to`. */
export function canTransition(from: PluginStatus, to: PluginStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

export function isPluginStatus(value: unknown): value is PluginStatus {
  return typeof value === 'string' && (PLUGIN_STATUSES as readonly string[]).includes(value)
}
