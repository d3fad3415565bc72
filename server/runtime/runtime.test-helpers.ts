import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach } from 'vitest'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { type OperationContext, StepFailure, type StepUpdate } from '#server/app/ports.ts'
import { FsCatalog } from '#server/catalog/fs-catalog.ts'
import { makePlugin } from '#server/store/store-fixtures.ts'
import { scaled } from '#tests/support/time-factor.ts'
import { waitUntil } from '#tests/support/wait-until.ts'
import type { SupervisorEvent } from './plugin-supervisor.ts'
import { ProcessRuntime } from './process-runtime.ts'
import type { ProcessRuntimeOptions } from './process-runtime-options.ts'

export const CATALOG_ROOT = fileURLToPath(new URL('../../catalog', import.meta.url))
export const WS = 'ws1'

/** A plugin row as the store would hand it to the runtime (just created, nothing running yet). */
export function pluginRow(pluginRef: string, version: string, id = pluginRef.replace('/', '-')): Plugin {
  return makePlugin({
    id,
    workspaceId: WS,
    pluginId: pluginRef,
    name: pluginRef,
    version,
    author: 'test',
    status: 'installed',
    health: 'unknown',
  })
}

/**
 * A process runtime over the real catalog in a fresh temporary directory, with short deadlines
 * (scaled by the test time factor), that records every event and step. `dispose()` stops every worker and deletes the directory.
 */
export async function makeRuntime(options: Partial<ProcessRuntimeOptions> = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'plugboard-runtime-'))
  const catalog = new FsCatalog({ root: CATALOG_ROOT, warn: () => {} })
  const events: { pluginId: string; event: SupervisorEvent }[] = []
  const failures: { pluginId: string; reason: string }[] = []
  // What the database holds in the server: each plugin's config, by installation id.
  const configs = new Map<string, Record<string, unknown>>()
  const runtime = new ProcessRuntime({
    dataDir,
    configOf: async (_ws, pluginId) => configs.get(pluginId) ?? {},
    locatePackage: (pkg) => catalog.locate(pkg.pluginId, pkg.version),
    timeouts: {
      loadMs: scaled(3_000),
      callMs: scaled(2_000),
      destroyMs: scaled(1_000),
      killGraceMs: scaled(500),
    },
    caps: { loadMs: scaled(3_000), healthIntervalMs: 60_000 },
    supervision: { backoffInitialMs: 100, backoffMaxMs: 5_000, stableAfterMs: 60_000 },
    maxOldSpaceMb: 64,
    ...options,
    onEvent: (_ws, pluginId, event) => {
      events.push({ pluginId, event })
      options.onEvent?.(_ws, pluginId, event)
    },
    onPluginFailed: (ws, pluginId, reason) => {
      failures.push({ pluginId, reason })
      options.onPluginFailed?.(ws, pluginId, reason)
    },
  })
  const steps: StepUpdate[] = []
  const ctx = (plugin: Plugin, signal = new AbortController().signal): OperationContext => ({
    workspaceId: WS,
    plugin,
    signal,
    report: async (update) => {
      steps.push(update)
    },
  })
  /** Installs a catalog version and returns the context to operate on it. */
  const install = async (pluginRef: string, version: string, config?: Record<string, unknown>) => {
    const pkg = await catalog.resolve(pluginRef, version)
    if (!pkg) throw new Error(`no ${pluginRef}@${version} in the catalog`)
    const c = ctx(pluginRow(pluginRef, version))
    await runtime.install(c, pkg)
    if (config) writeConfig(c.plugin.id, config)
    return c
  }
  const pluginDir = (pluginRef: string) => join(dataDir, 'plugins', WS, pluginRef.replace('/', '__'))
  /** Sets the config a plugin's next start or restart loads with (by installation id). */
  const writeConfig = (pluginId: string, config: Record<string, unknown>) => {
    configs.set(pluginId, config)
  }
  const dispose = async () => {
    await runtime.stopAll()
    await rm(dataDir, { recursive: true, force: true })
  }
  return { runtime, catalog, dataDir, events, failures, steps, ctx, install, pluginDir, writeConfig, dispose }
}

/** Whether a process with this pid still exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Polls `check` until it returns true; `timeoutMs` is for an idle machine (the time factor scales it). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000, everyMs = 20) {
  await waitUntil(check, (ok) => ok, { withinMs: timeoutMs, everyMs })
}

export type RuntimeEnv = Awaited<ReturnType<typeof makeRuntime>>

/**
 * Registers an afterEach that disposes the test's runtime and SIGKILLs every worker it spawned that
 * is still alive, so a failing test never leaves a process behind. Returns the setup function.
 */
export function runtimeFixture() {
  let env: RuntimeEnv | null = null
  const spawned: number[] = []
  afterEach(async () => {
    await env?.dispose()
    env = null
    for (const pid of spawned.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL')
  })
  return {
    spawned,
    async setup(options: Partial<ProcessRuntimeOptions> = {}): Promise<RuntimeEnv> {
      env = await makeRuntime({
        ...options,
        onEvent: (ws, id, event) => {
          if (event.type === 'spawned' && event.pid) spawned.push(event.pid)
          options.onEvent?.(ws, id, event)
        },
      })
      return env
    },
  }
}

/** The StepFailure a promise rejects with (fails the test if it resolves or throws something else). */
export async function failureOf(promise: Promise<unknown>): Promise<StepFailure> {
  try {
    await promise
  } catch (error) {
    if (error instanceof StepFailure) return error
    throw error
  }
  throw new Error('expected a StepFailure')
}
