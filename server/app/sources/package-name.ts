/**
 * A plugin `org/name` is published as the scoped package `@org/name`: the registry's scope is
 * the plugin's organisation, so a package name maps to exactly one plugin id and back.
 */
export function packageNameOf(pluginId: string): string {
  return `@${pluginId}`
}

const SCOPED = /^@([a-z0-9][a-z0-9-]{0,63})\/([a-z0-9][a-z0-9-]{0,63})$/

/** The plugin id of a package name, or null for a package that cannot be a plugin (unscoped, odd). */
export function pluginIdOf(packageName: string): string | null {
  const match = SCOPED.exec(packageName)
  return match ? `${match[1]}/${match[2]}` : null
}
