import type { ModuleValues } from '#core/config/config-fields.ts'
import type { ConfigStore, ConfigVersion, SecretCipher } from './config-ports.ts'
import { secretContext } from './secret-cipher.ts'

interface ConfigDeps {
  configs: ConfigStore
  secrets: SecretCipher
}

/** Every secret of a version in plain text, per module and field (for the worker and for validation). */
export async function openSecrets(
  deps: Pick<ConfigDeps, 'secrets'>,
  version: Pick<ConfigVersion, 'workspaceId' | 'pluginId' | 'sealed'>,
): Promise<Record<string, Record<string, string>>> {
  const opened: Record<string, Record<string, string>> = {}
  for (const [module, fields] of Object.entries(version.sealed)) {
    const plain: Record<string, string> = {}
    for (const [field, sealed] of Object.entries(fields)) {
      const context = secretContext(version.workspaceId, version.pluginId, module, field)
      plain[field] = await deps.secrets.open(sealed, context)
    }
    opened[module] = plain
  }
  return opened
}

/** Plain values and opened secrets together: what a module's `onLoad(config)` receives. */
export async function fullValues(
  deps: Pick<ConfigDeps, 'secrets'>,
  version: Pick<ConfigVersion, 'workspaceId' | 'pluginId' | 'sealed' | 'values'>,
): Promise<Record<string, ModuleValues>> {
  const secrets = await openSecrets(deps, version)
  const modules = new Set([...Object.keys(version.values), ...Object.keys(secrets)])
  return Object.fromEntries(
    [...modules].map((module) => [module, { ...version.values[module], ...secrets[module] }]),
  )
}

/**
 * The config a plugin's worker loads with: the version in force, secrets opened. The runtime asks
 * for it at every start and restart, so a node that starts the plugin needs nothing but the database.
 */
export async function runtimeConfigOf(
  deps: ConfigDeps,
  workspaceId: string,
  pluginId: string,
): Promise<Record<string, ModuleValues>> {
  const current = await deps.configs.current(workspaceId, pluginId)
  return current ? fullValues(deps, current) : {}
}

/** Every secret value of the given versions (to keep them out of error texts). */
export async function secretValuesOf(
  deps: Pick<ConfigDeps, 'secrets'>,
  versions: readonly (ConfigVersion | null)[],
): Promise<string[]> {
  const values: string[] = []
  for (const version of versions) {
    if (!version) continue
    for (const fields of Object.values(await openSecrets(deps, version)))
      values.push(...Object.values(fields))
  }
  return values
}
