import type { ConfigChange, ModuleValues } from '#core/config/config-fields.ts'
import type { CONFIG_VERSION_STATUSES } from '#core/config/config-schemas.ts'
import type { PackageInfo } from '#server/app/ports.ts'

/** A module as a package's manifest declares it. */
export type ManifestModule = PackageInfo['modules'][number]

export type ConfigVersionStatus = (typeof CONFIG_VERSION_STATUSES)[number]

/**
 * One stored version of a plugin's configuration. Plain values per module in `values`; secret
 * fields only sealed (encrypted) in `sealed`, never in plain text anywhere in storage.
 * `pending` while its configure task runs, `applied` once the plugin ran with it, `failed` when the
 * plugin would not load with it (rolled back), `discarded` when its task never came to be.
 */
export interface ConfigVersion {
  workspaceId: string
  /** The installation's id (the plugin row's `id`). */
  pluginId: string
  version: number
  status: ConfigVersionStatus
  values: Record<string, ModuleValues>
  sealed: Record<string, Record<string, string>>
  changes: ConfigChange[]
  actor: string
  at: string
  reason: string
  taskId: string | null
}

/**
 * Versions of plugin configurations, in the database so that any node can start a plugin with the
 * values in force: the newest `applied` version.
 */
export interface ConfigStore {
  /** The version in force (the newest applied), or null when the plugin has none yet. */
  current(workspaceId: string, pluginId: string): Promise<ConfigVersion | null>
  get(workspaceId: string, pluginId: string, version: number): Promise<ConfigVersion | null>
  /** Every version, newest first. */
  list(workspaceId: string, pluginId: string): Promise<ConfigVersion[]>
  /** The highest version number used so far (0 when none). */
  lastVersion(workspaceId: string, pluginId: string): Promise<number>
  /** Stores a new version; false when that number is taken (someone else saved first). */
  add(version: ConfigVersion): Promise<boolean>
  setStatus(
    workspaceId: string,
    pluginId: string,
    version: number,
    patch: { status: ConfigVersionStatus; taskId?: string | null },
  ): Promise<void>
  /** Forgets every version of a plugin (purge). */
  removeAll(workspaceId: string, pluginId: string): Promise<void>
  /**
   * Keeps the modules the manifest of one version of a plugin declares (with their config schemas),
   * replacing what was kept for that version: the settings follow the stored manifest.
   */
  saveModules(
    workspaceId: string,
    pluginId: string,
    version: string,
    modules: ManifestModule[],
  ): Promise<void>
  /** The modules kept for that version, or null when none were (installed before they were kept). */
  modulesOf(workspaceId: string, pluginId: string, version: string): Promise<ManifestModule[] | null>
}

/** Seals secret values at rest (AES-256-GCM with the server's key); `context` binds a value to its field. */
export interface SecretCipher {
  seal(plain: string, context: string): Promise<string>
  open(sealed: string, context: string): Promise<string>
}
