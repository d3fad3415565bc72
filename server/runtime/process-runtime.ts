import { realpathSync } from 'node:fs'
import { mkdir, readFile, realpath } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { RuntimeInfo } from '#core/api/plugin-schemas.ts'
import { type Manifest, validateManifest } from '#core/manifest/manifest-schema.ts'
import {
  type OperationContext,
  type PackageInfo,
  type ReloadResult,
  type Runtime,
  type StartResult,
  StepFailure,
} from '#server/app/ports.ts'
import { SNAPSHOT_MAX_BYTES, takeDevFolder } from './dev-folder.ts'
import type { HealthCheckRecord } from './health-tracker.ts'
import { receivePackage } from './package-install.ts'
import {
  type PluginPaths,
  pluginPaths,
  readState,
  removePluginFiles,
  rollbackVersion,
  settleStagedVersion,
  versionDir,
  writeState,
} from './plugin-files.ts'
import { PluginLog, readLogTail } from './plugin-log.ts'
import { PluginSupervisor } from './plugin-supervisor.ts'
import {
  type ProcessRuntimeOptions,
  type RuntimeSettings,
  resolveSettings,
} from './process-runtime-options.ts'
import { LoadFailure } from './worker-lifecycle.ts'
import { WorkerProcess } from './worker-process.ts'
import { workerEnv, workerExecArgv } from './worker-sandbox.ts'

// Resolved once: the permission flags must name the real path, or the worker cannot read its own entry.
const SHIM = realpathSync(fileURLToPath(new URL('./worker-host.mjs', import.meta.url)))

interface Running {
  workspaceId: string
  pluginId: string
  pluginRef: string
  codeDir: string
  supervisor: PluginSupervisor
}

/**
 * The Runtime port over real processes: every started plugin gets its own supervised worker
 * (worker-host.mjs under Node's permission model), its files live under `<dataDir>/plugins`.
 */
export class ProcessRuntime implements Runtime {
  private readonly settings: RuntimeSettings
  private readonly options: ProcessRuntimeOptions
  private readonly running = new Map<string, Running>()
  private readonly pluginLogs = new Map<string, PluginLog>()
  /**
   * The last start, stop or removal of each plugin: the next waits for it to settle, so two starts
   * (a task's and the boot start's) never spawn two workers and a stop never misses a worker being started.
   */
  private readonly turns = new Map<string, Promise<void>>()
  /** Keys in the order their workers started; shutdown goes in reverse. */
  private startOrder: string[] = []
  /** `quiet`: the server is stopping, no restarts; `closed`: its workers are being stopped, no starts. */
  private phase: 'open' | 'quiet' | 'closed' = 'open'

  constructor(options: ProcessRuntimeOptions) {
    this.options = options
    this.settings = resolveSettings(options)
  }

  async install(ctx: OperationContext, pkg: PackageInfo): Promise<void> {
    await this.receive(ctx, pkg, 'install')
  }

  async stage(ctx: OperationContext, pkg: PackageInfo): Promise<void> {
    await this.receive(ctx, pkg, 'stage')
  }

  /** Copies, verifies and unpacks a package as the current version (install) or beside it (stage). */
  private async receive(ctx: OperationContext, pkg: PackageInfo, mode: 'install' | 'stage'): Promise<void> {
    const source = await this.locate(pkg)
    await receivePackage({
      ctx,
      pkg,
      source,
      paths: this.paths(ctx),
      limits: this.settings.packageLimits,
      mode,
    })
  }

  async settleStaged(ctx: OperationContext, decision: 'commit' | 'discard'): Promise<void> {
    await ctx.report({ step: decision === 'commit' ? 'swap' : 'discard', progress: 50 })
    await settleStagedVersion(this.paths(ctx), decision)
  }

  async rollback(ctx: OperationContext): Promise<void> {
    await ctx.report({ step: 'rollback', progress: 50 })
    try {
      await rollbackVersion(this.paths(ctx))
    } catch (error) {
      throw new StepFailure('rollback', 'STEP_FAILED', (error as Error).message)
    }
  }

  start(ctx: OperationContext): Promise<StartResult> {
    return this.inTurn(ctx, () => this.startNow(ctx))
  }

  async installedVersion(ctx: OperationContext): Promise<string | null> {
    return (await readState(this.paths(ctx))).current
  }

  private async startNow(ctx: OperationContext): Promise<StartResult> {
    this.assertOpen()
    await ctx.report({ step: 'start', progress: 10, message: 'Starting the worker' })
    const paths = this.paths(ctx)
    const { current } = await readState(paths)
    if (!current)
      throw new StepFailure('start', 'STEP_FAILED', `${ctx.plugin.pluginId} has no installed version`)
    const codeDir = await realpath(versionDir(paths, current))
    const manifest = await readInstalledManifest(codeDir)
    const key = keyOf(ctx.workspaceId, ctx.plugin.id)
    let entry = this.running.get(key)
    if (entry && entry.codeDir !== codeDir) {
      await entry.supervisor.stop()
      entry = undefined
    }
    if (!entry) {
      const log = this.logFor(key, paths, ctx)
      const supervisor = await this.supervise(ctx, paths, codeDir, manifest, log)
      // Checked again after the awaits: a worker must never start after stopAll took its list.
      this.assertOpen()
      entry = {
        workspaceId: ctx.workspaceId,
        pluginId: ctx.plugin.id,
        pluginRef: ctx.plugin.pluginId,
        codeDir,
        supervisor,
      }
      this.running.set(key, entry)
    }
    await ctx.report({ step: 'load', progress: 40, message: `Loading ${manifest.modules.length} module(s)` })
    try {
      const result = await entry.supervisor.start(ctx.signal)
      this.startOrder = [...this.startOrder.filter((k) => k !== key), key]
      return result
    } catch (error) {
      this.running.delete(key)
      if (error instanceof LoadFailure) throw new StepFailure('load', error.code, error.message, error.detail)
      throw error
    }
  }

  /**
   * Hands the running worker its current config through the changed modules' `onConfigChange`
   * hooks. Null when the plugin does not run here or a changed module has no hook (restart instead).
   */
  async reconfigure(ctx: OperationContext, modules: string[]): Promise<StartResult | null> {
    const entry = this.running.get(keyOf(ctx.workspaceId, ctx.plugin.id))
    if (!entry) return null
    await ctx.report({ step: 'configure', progress: 50, message: 'Handing the modules their new settings' })
    try {
      return await entry.supervisor.reconfigure(modules)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      throw new StepFailure('configure', 'LOAD_FAILED', message)
    }
  }

  stop(ctx: OperationContext): Promise<void> {
    return this.inTurn(ctx, () => this.stopNow(ctx))
  }

  /**
   * Dev mode: the folder's files become a new version; the worker's snapshot is taken, the worker
   * stopped, the new code started and given the snapshot. New code that does not load (or refuses
   * the snapshot) is dropped and the last good version started again with the same snapshot. A
   * snapshot the old code cannot give does not stop the reload: the new code starts without state.
   */
  reload(ctx: OperationContext): Promise<ReloadResult> {
    return this.inTurn(ctx, () => this.reloadNow(ctx))
  }

  private async reloadNow(ctx: OperationContext): Promise<ReloadResult> {
    this.assertOpen()
    const { path, dev } = ctx.plugin.source
    if (!dev || !path)
      throw new StepFailure('copy', 'STEP_FAILED', `${ctx.plugin.pluginId} is not in development`)
    const paths = this.paths(ctx)
    const key = keyOf(ctx.workspaceId, ctx.plugin.id)
    await ctx.report({ step: 'copy', progress: 5, message: `Taking the files of ${path}` })
    const next = await takeDevFolder(path, paths, ctx.plugin.pluginId, this.settings.packageLimits)
    const state = await readState(paths)
    const log = this.logFor(key, paths, ctx)
    log.note(`reload: taking ${path} as ${next}`)
    let snapshot: unknown = null
    let stateLost: string | null = null
    try {
      await ctx.report({ step: 'snapshot', progress: 15, message: 'Taking the state of the worker' })
      snapshot = (await this.running.get(key)?.supervisor.snapshot(SNAPSHOT_MAX_BYTES)) ?? null
    } catch (error) {
      // Running code with a broken snapshot hook must not block every reload after it (the fix is
      // in the next code): that code starts without state, and the reload says so.
      stateLost = `onSnapshot failed: ${error instanceof Error ? error.message : String(error)}`
      log.note(`reload: ${stateLost}; the new code starts without its state`)
    }
    await ctx.report({ step: 'stop', progress: 25, message: 'Stopping the worker' })
    await this.stopKey(key)
    const last = state.current
    const previous = last ? [last, ...state.previous] : state.previous
    await writeState(paths, { current: next, staged: null, previous })
    try {
      const started = await this.startNow(ctx)
      await ctx.report({ step: 'restore', progress: 90, message: 'Handing the worker its state' })
      await this.restoreSnapshot(key, snapshot)
      log.note(`reload: ${next} runs`)
      return { started, version: await this.versionOf(paths, next), failure: null, stateLost }
    } catch (error) {
      const failure =
        error instanceof StepFailure
          ? error
          : new StepFailure('restore', 'LOAD_FAILED', `onRestore failed: ${(error as Error).message}`)
      log.note(`reload: ${next} did not run (${failure.message}); starting ${last ?? 'nothing'} again`)
      await this.stopKey(key)
      await writeState(paths, { current: last, staged: null, previous: state.previous })
      if (!last) throw failure
      // The way back runs even when the reload was cancelled: the plugin must not be left stopped.
      const started = await this.startNow({ ...ctx, signal: new AbortController().signal })
      await this.restoreSnapshot(key, snapshot).catch((restoreError: Error) =>
        log.note(`reload: the last good version refused its snapshot: ${restoreError.message}`),
      )
      return { started, version: await this.versionOf(paths, last), failure, stateLost }
    }
  }

  private async versionOf(paths: PluginPaths, dir: string): Promise<string> {
    return (await readInstalledManifest(versionDir(paths, dir))).version
  }

  private async restoreSnapshot(key: string, snapshot: unknown): Promise<void> {
    await this.running.get(key)?.supervisor.restore(snapshot)
  }

  private async stopNow(ctx: OperationContext): Promise<void> {
    await ctx.report({ step: 'stop', progress: 10, message: 'Stopping the worker' })
    await this.stopKey(keyOf(ctx.workspaceId, ctx.plugin.id))
  }

  remove(ctx: OperationContext, options: { purge: boolean }): Promise<void> {
    return this.inTurn(ctx, () => this.removeNow(ctx, options))
  }

  private async removeNow(ctx: OperationContext, options: { purge: boolean }): Promise<void> {
    const key = keyOf(ctx.workspaceId, ctx.plugin.id)
    await this.stopKey(key)
    await ctx.report({
      step: 'remove',
      progress: 50,
      message: options.purge ? 'Deleting files and data' : 'Deleting files',
    })
    if (options.purge) {
      await this.pluginLogs.get(key)?.close()
      this.pluginLogs.delete(key)
    }
    await removePluginFiles(this.paths(ctx), options.purge)
  }

  info(workspaceId: string, pluginId: string): RuntimeInfo | null {
    return this.find(workspaceId, pluginId)?.supervisor.info() ?? null
  }

  /** The last checks of a plugin's health, oldest first (at most 100). */
  healthHistory(workspaceId: string, pluginId: string): HealthCheckRecord[] {
    return this.find(workspaceId, pluginId)?.supervisor.healthHistory() ?? []
  }

  /**
   * The last 8 000 characters of a plugin's log: from memory when its worker ran since this host
   * started, otherwise from its log file (pluginId may be the installation id or the `org/name`).
   */
  logs(workspaceId: string, pluginId: string): string | null {
    const entry = this.find(workspaceId, pluginId)
    const inMemory = this.pluginLogs.get(keyOf(workspaceId, entry?.pluginId ?? pluginId))?.tail()
    if (inMemory) return inMemory
    if (!pluginId.includes('/')) return null
    return readLogTail(pluginPaths(this.settings.pluginsRoot, workspaceId, pluginId).log)
  }

  /** Calls one of a running plugin's tools. */
  async call(workspaceId: string, pluginId: string, tool: string, params: unknown = {}): Promise<unknown> {
    const entry = this.find(workspaceId, pluginId)
    if (!entry) throw new Error(`${pluginId} is not running`)
    return entry.supervisor.call(tool, params)
  }

  /**
   * Server shutdown begins: no supervisor restarts a worker from now on (after a crash or for its
   * health), and an exit is not a crash. Steps still running may start and load workers until
   * `stopAll`.
   */
  beginShutdown(): void {
    if (this.phase === 'open') this.phase = 'quiet'
    for (const entry of this.running.values()) entry.supervisor.quiesce()
  }

  /**
   * Stops every worker the way a stop does (onDestroy, SIGTERM, SIGKILL), the last started first, and
   * refuses starts from now on. When `deadline` aborts, every worker still running is SIGKILLed.
   */
  async stopAll(deadline?: AbortSignal): Promise<void> {
    this.beginShutdown()
    this.phase = 'closed'
    const supervisors = [...this.running.values()].map((entry) => entry.supervisor)
    const killAll = () => {
      for (const supervisor of supervisors) supervisor.kill()
      for (const entry of this.running.values()) entry.supervisor.kill()
    }
    if (deadline?.aborted) killAll()
    deadline?.addEventListener('abort', killAll, { once: true })
    try {
      for (const key of [...this.startOrder].reverse()) await this.stopKey(key, 'close')
      for (const key of [...this.running.keys()]) await this.stopKey(key, 'close')
    } finally {
      deadline?.removeEventListener('abort', killAll)
    }
    await Promise.all([...this.pluginLogs.values()].map((log) => log.close()))
  }

  private async stopKey(key: string, how: 'stop' | 'close' = 'stop'): Promise<void> {
    const entry = this.running.get(key)
    this.startOrder = this.startOrder.filter((k) => k !== key)
    if (!entry) return
    this.running.delete(key)
    await (how === 'close' ? entry.supervisor.close() : entry.supervisor.stop())
  }

  /** Runs `fn` once every earlier start, stop or removal of the same plugin has settled. */
  private inTurn<T>(ctx: OperationContext, fn: () => Promise<T>): Promise<T> {
    const key = keyOf(ctx.workspaceId, ctx.plugin.id)
    const run = (this.turns.get(key) ?? Promise.resolve()).then(fn)
    const settled = run.then(
      () => {},
      () => {},
    )
    this.turns.set(key, settled)
    void settled.then(() => {
      if (this.turns.get(key) === settled) this.turns.delete(key)
    })
    return run
  }

  private assertOpen(): void {
    if (this.phase === 'closed')
      throw new StepFailure('start', 'INTERRUPTED', 'the server is stopping: no worker starts now')
  }

  private find(workspaceId: string, pluginId: string): Running | undefined {
    const direct = this.running.get(keyOf(workspaceId, pluginId))
    if (direct) return direct
    for (const entry of this.running.values()) {
      if (entry.workspaceId === workspaceId && entry.pluginRef === pluginId) return entry
    }
    return undefined
  }

  private paths(ctx: OperationContext): PluginPaths {
    return pluginPaths(this.settings.pluginsRoot, ctx.workspaceId, ctx.plugin.pluginId)
  }

  private logFor(
    key: string,
    paths: PluginPaths,
    ctx: Pick<OperationContext, 'workspaceId' | 'plugin'>,
  ): PluginLog {
    let log = this.pluginLogs.get(key)
    if (!log) {
      const { workspaceId } = ctx
      const pluginId = ctx.plugin.id
      log = new PluginLog(paths.log, (lines) =>
        this.options.onEvent?.(workspaceId, pluginId, { type: 'log', lines }),
      )
      this.pluginLogs.set(key, log)
    }
    return log
  }

  private async locate(pkg: PackageInfo): Promise<string> {
    const source = await this.options.locatePackage(pkg)
    if (!source) {
      throw new StepFailure(
        'download',
        'NOT_FOUND',
        `The package ${pkg.pluginId}@${pkg.version} was not found`,
      )
    }
    return source
  }

  private async supervise(
    ctx: OperationContext,
    paths: PluginPaths,
    codeDir: string,
    manifest: Manifest,
    log: PluginLog,
  ): Promise<PluginSupervisor> {
    const { workspaceId } = ctx
    const pluginId = ctx.plugin.id
    await mkdir(paths.data, { recursive: true })
    const dataDir = await realpath(paths.data)
    const { settings, options } = this
    const execArgv = workerExecArgv({ codeDir, dataDir, shim: SHIM }, settings.maxOldSpaceMb)
    const env = workerEnv(
      settings.hostEnv,
      { pluginId: manifest.id, version: manifest.version, dataDir },
      settings.extraEnv,
    )
    const supervisor = new PluginSupervisor({
      manifest,
      codeDir,
      dataDir,
      log,
      timeouts: settings.timeoutsFor(manifest),
      health: settings.healthFor(manifest),
      supervision: settings.supervision,
      random: options.random,
      spawn: () => {
        const watch = options.cluster?.watch
        return new WorkerProcess({
          shim: SHIM,
          execArgv,
          env,
          cwd: dataDir,
          log,
          ...(watch ? { watch } : {}),
        })
      },
      ...(options.cluster ? { mayRun: options.cluster.mayRun } : {}),
      readConfig: () => options.configOf(workspaceId, pluginId),
      onEvent: (event) => {
        options.onEvent?.(workspaceId, pluginId, event)
        if (event.type === 'health') options.onPluginState?.(workspaceId, pluginId, event)
        if (event.type === 'failed') options.onPluginFailed?.(workspaceId, pluginId, event.reason)
      },
    })
    if (this.phase !== 'open') supervisor.quiesce()
    return supervisor
  }
}

function keyOf(workspaceId: string, pluginId: string): string {
  return `${workspaceId}\u0000${pluginId}`
}

async function readInstalledManifest(codeDir: string): Promise<Manifest> {
  const text = await readFile(`${codeDir}/plugin.json`, 'utf8').catch(() => null)
  let result: ReturnType<typeof validateManifest> | null = null
  try {
    result = text ? validateManifest(JSON.parse(text)) : null
  } catch {
    result = null
  }
  if (!result?.ok)
    throw new StepFailure('start', 'PACKAGE_INVALID', 'The installed manifest is missing or invalid')
  return result.manifest
}
