/** Host variables a worker may see; everything else (tokens, database URLs, …) stays in the host. */
const ENV_ALLOWLIST = ['PATH', 'NODE_ENV', 'TZ', 'LANG'] as const

/**
 * The worker's whole environment: the allowlisted host variables plus the PLUGBOARD_PLUGIN_* ones the
 * host sets. Never `NODE_OPTIONS`: it could load code into the worker before the shim.
 */
export function workerEnv(
  hostEnv: NodeJS.ProcessEnv,
  plugin: { pluginId: string; version: string; dataDir: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of ENV_ALLOWLIST) {
    const value = hostEnv[name]
    if (value !== undefined) env[name] = value
  }
  for (const [name, value] of Object.entries(extra)) {
    if (name.startsWith('PLUGBOARD_PLUGIN_')) env[name] = value
  }
  env.PLUGBOARD_PLUGIN_ID = plugin.pluginId
  env.PLUGBOARD_PLUGIN_VERSION = plugin.version
  env.PLUGBOARD_PLUGIN_DATA_DIR = plugin.dataDir
  return env
}

/** Which spelling of the permission flag this Node accepts (`--permission` from Node 22). */
export function permissionFlag(
  flags: ReadonlySet<string> = process.allowedNodeEnvironmentFlags,
): string | null {
  if (flags.has('--permission')) return '--permission'
  if (flags.has('--experimental-permission')) return '--experimental-permission'
  return null
}

/**
 * Node flags of a worker: the permission model with reads limited to the plugin's code, its data and
 * the shim, writes to its data only; no child processes, worker threads, addons or WASI (not granted).
 * One flag per path: Node 20.20 no longer accepts comma-separated lists.
 */
export function workerExecArgv(
  paths: { codeDir: string; dataDir: string; shim: string },
  maxOldSpaceMb: number,
) {
  const flag = permissionFlag()
  const args = [`--max-old-space-size=${maxOldSpaceMb}`]
  if (process.allowedNodeEnvironmentFlags.has('--disable-warning')) {
    args.push('--disable-warning=ExperimentalWarning')
  }
  if (!flag) return args
  return [
    ...args,
    flag,
    `--allow-fs-read=${paths.codeDir}`,
    `--allow-fs-read=${paths.dataDir}`,
    `--allow-fs-read=${paths.shim}`,
    `--allow-fs-write=${paths.dataDir}`,
  ]
}
