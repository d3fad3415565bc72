import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Which versions of a plugin are on disk: the current one, one staged beside it, older ones kept. */
export interface VersionState {
  current: string | null
  staged: string | null
  /** Versions replaced by an upgrade, most recent first (for rollback). */
  previous: string[]
}

/** Versions kept on disk per plugin, the current one included. */
export const KEPT_VERSIONS = 3

export interface PluginPaths {
  /** `<root>/<workspace>/<org>__<name>` */
  dir: string
  versions: string
  data: string
  state: string
  log: string
}

const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/
const SAFE_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/

/**
 * Where a plugin lives: `<root>/<workspace>/<org>__<name>/` with `versions/<version>/`, `data/`,
 * `state.json` and `worker.log`. Ids are checked again here so no id can point outside the root.
 */
export function pluginPaths(root: string, workspaceId: string, pluginRef: string): PluginPaths {
  const [org, name, ...rest] = pluginRef.split('/')
  if (!SAFE_SEGMENT.test(workspaceId) || !org || !name || rest.length > 0) {
    throw new Error(`unsafe plugin location ${workspaceId}/${pluginRef}`)
  }
  if (!SAFE_SEGMENT.test(org) || !SAFE_SEGMENT.test(name)) throw new Error(`unsafe plugin id ${pluginRef}`)
  const dir = join(root, workspaceId, `${org}__${name}`)
  return {
    dir,
    versions: join(dir, 'versions'),
    data: join(dir, 'data'),
    state: join(dir, 'state.json'),
    log: join(dir, 'worker.log'),
  }
}

export function versionDir(paths: PluginPaths, version: string): string {
  if (!SAFE_VERSION.test(version)) throw new Error(`unsafe version ${version}`)
  return join(paths.versions, version)
}

export async function readState(paths: PluginPaths): Promise<VersionState> {
  try {
    const parsed = JSON.parse(await readFile(paths.state, 'utf8')) as Partial<VersionState>
    return { current: parsed.current ?? null, staged: parsed.staged ?? null, previous: parsed.previous ?? [] }
  } catch {
    return { current: null, staged: null, previous: [] }
  }
}

/** Writes the state atomically (write beside, then rename), then deletes versions no longer kept. */
export async function writeState(paths: PluginPaths, state: VersionState): Promise<VersionState> {
  const kept = { ...state, previous: state.previous.slice(0, KEPT_VERSIONS - 1) }
  await mkdir(paths.dir, { recursive: true })
  const tmp = `${paths.state}.${process.pid}.tmp`
  await writeFile(tmp, `${JSON.stringify(kept, null, 2)}\n`)
  await rename(tmp, paths.state)
  await pruneVersions(paths, kept)
  return kept
}

async function pruneVersions(paths: PluginPaths, state: VersionState): Promise<void> {
  const keep = new Set([state.current, state.staged, ...state.previous].filter(Boolean))
  const present = await readdir(paths.versions).catch(() => [] as string[])
  for (const version of present) {
    if (!keep.has(version)) await rm(join(paths.versions, version), { recursive: true, force: true })
  }
}

/** Makes the staged version current (`commit`) or drops it (`discard`); nothing staged is a no-op. */
export async function settleStagedVersion(
  paths: PluginPaths,
  decision: 'commit' | 'discard',
): Promise<VersionState> {
  const state = await readState(paths)
  if (!state.staged) return state
  const next =
    decision === 'commit'
      ? {
          current: state.staged,
          staged: null,
          previous: state.current
            ? [state.current, ...state.previous.filter((v) => v !== state.staged)]
            : state.previous,
        }
      : { ...state, staged: null }
  return writeState(paths, next)
}

/** Undoes the last commit: the previous version is current again, the replaced one staged again. */
export async function rollbackVersion(paths: PluginPaths): Promise<VersionState> {
  const state = await readState(paths)
  const [previous, ...older] = state.previous
  if (!previous) throw new Error('there is no previous version to roll back to')
  return writeState(paths, { current: previous, staged: state.current, previous: older })
}

/** Soft removal deletes the code and keeps data, config and logs; purge deletes everything. */
export async function removePluginFiles(paths: PluginPaths, purge: boolean): Promise<void> {
  if (purge) {
    await rm(paths.dir, { recursive: true, force: true })
    return
  }
  await rm(paths.versions, { recursive: true, force: true })
  await rm(paths.state, { force: true })
}
