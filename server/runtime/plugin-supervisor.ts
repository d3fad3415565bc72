import type { ModuleState, RuntimeInfo } from '#core/api/plugin-schemas.ts'
import type { Manifest } from '#core/manifest/manifest-schema.ts'
import type { HealthStatus } from '#core/plugins/plugin-health.ts'
import { CrashRestarts } from './crash-restarts.ts'
import { HealthMonitor, type HealthRestartEvent } from './health-monitor.ts'
import { type HealthCheckRecord, HealthTracker } from './health-tracker.ts'
import type { PluginLog } from './plugin-log.ts'
import { processRss } from './process-memory.ts'
import type { HealthSettings, SupervisionSettings, WorkerTimeouts } from './runtime-options.ts'
import { LoadFailure, loadWorker, stopWorker } from './worker-lifecycle.ts'
import { describeExit, WorkerCallError, type WorkerProcess } from './worker-process.ts'

type ConfigureAnswer =
  | { restart: true }
  | { restart?: false; modules: { id: string; error: string | null }[] }

/** What a supervisor reports as it goes; the runtime forwards these to the composition root. */
export type SupervisorEvent =
  | { type: 'spawned'; pid: number | null }
  | { type: 'crash'; reason: string; consecutive: number }
  | { type: 'restart-scheduled'; attempt: number; delayMs: number; at: Date }
  | { type: 'restarted'; pid: number | null }
  | { type: 'failed'; reason: string }
  | { type: 'health'; status: HealthStatus; modules: ModuleState[] }
  /** Complete lines the worker (or the supervisor) wrote to the plugin's log, newline-separated. */
  | { type: 'log'; lines: string }
  | HealthRestartEvent

export interface SupervisorSpec {
  manifest: Manifest
  /** The version directory holding the package (the entry is `<codeDir>/<manifest.main>`). */
  codeDir: string
  dataDir: string
  log: PluginLog
  timeouts: WorkerTimeouts
  health: HealthSettings
  supervision: SupervisionSettings
  /** Starts a worker process for this plugin (spawn options are the runtime's business). */
  spawn(): WorkerProcess
  /** Each module's config, read fresh at every load. */
  readConfig(): Promise<Record<string, unknown>>
  onEvent(event: SupervisorEvent): void
  random?: () => number
  /** Cluster mode: false once this node lost its lease; no worker starts then (checked first). */
  mayRun?(): boolean
}

/**
 * Keeps one plugin's worker running: loads it, restarts it after crashes (backoff with jitter, at most
 * `maxConsecutiveCrashes` in a row), restarts it when its HealthMonitor finds it unhealthy, stops it with
 * onDestroy → SIGTERM → SIGKILL. Start, stop and restarts run one at a time.
 */
export class PluginSupervisor {
  private worker: WorkerProcess | null = null
  /** The worker being loaded, so a stop can kill it before the load's deadline. */
  private launching: WorkerProcess | null = null
  private stopping = new Set<WorkerProcess>()
  private desired: 'running' | 'stopped' | 'failed' = 'stopped'
  /** The server is stopping: no restart of any kind from now on, an exit is not a crash. */
  private closing = false
  /** Stopped for good (server shutdown): no worker starts again. */
  private closed = false
  private modules: ModuleState[]
  private readonly tracker: HealthTracker
  private readonly monitor: HealthMonitor
  private readonly crashes: CrashRestarts
  private queue: Promise<unknown> = Promise.resolve()

  private readonly spec: SupervisorSpec

  constructor(spec: SupervisorSpec) {
    this.spec = spec
    this.crashes = new CrashRestarts(spec.supervision, spec.random)
    this.tracker = new HealthTracker(spec.health)
    this.monitor = new HealthMonitor({
      settings: spec.health,
      tracker: this.tracker,
      log: spec.log,
      isCurrent: (worker) => this.worker === worker,
      hasStoppedModules: () => this.modules.some((m) => m.status === 'stopped'),
      emitHealth: () => this.emitHealth(),
      onEvent: (event) => spec.onEvent(event),
      restart: (worker) => void this.serial(() => this.restartForHealth(worker)).catch(() => {}),
    })
    this.modules = spec.manifest.modules.map((m) => ({
      id: m.id,
      name: m.name,
      type: m.type,
      status: 'stopped',
      error: null,
    }))
  }

  get health(): HealthStatus {
    return this.tracker.status
  }

  get moduleStates(): ModuleState[] {
    return this.modules.map((m) => ({ ...m }))
  }

  get pid(): number | null {
    return this.worker?.pid ?? null
  }

  healthHistory(): HealthCheckRecord[] {
    return this.tracker.history()
  }

  info(): RuntimeInfo {
    const worker = this.worker
    return {
      pid: worker?.pid ?? null,
      startedAt: worker ? worker.startedAt.toISOString() : null,
      memoryRss: worker?.pid ? processRss(worker.pid) : null,
      ...this.crashes.info(),
      pendingCalls: worker?.pendingCalls ?? 0,
    }
  }

  /** Starts (or restarts) the worker on an admin's request: crash and health counters start over. */
  start(signal?: AbortSignal): Promise<{ modules: ModuleState[]; health: HealthStatus }> {
    return this.serial(async () => {
      this.clearTimers()
      if (this.worker) await this.shutdown(this.worker)
      this.desired = 'running'
      this.crashes.resetConsecutive()
      this.tracker.reset()
      try {
        await this.launch(signal)
      } catch (error) {
        this.desired = 'stopped'
        throw error
      }
      return { modules: this.moduleStates, health: this.tracker.status }
    })
  }

  /** Stops the worker; a stopped plugin stops successfully. Cancels any scheduled restart. */
  stop(): Promise<void> {
    this.desired = 'stopped'
    this.clearTimers()
    this.launching?.kill('SIGKILL')
    return this.serial(async () => {
      if (this.worker) await this.shutdown(this.worker)
      this.tracker.reset()
    })
  }

  /**
   * The server is stopping: cancels any scheduled restart and health check and makes sure none is
   * scheduled again; a worker that exits from now on is not counted as a crash. A start that a task
   * asks for still runs (a running step may finish within the shutdown's drain).
   */
  quiesce(): void {
    this.closing = true
    this.clearTimers()
  }

  /** The server's last stop of this plugin: quiesce, stop, and never start a worker again. */
  close(): Promise<void> {
    this.closed = true
    this.quiesce()
    return this.stop()
  }

  /** SIGKILLs every process of this plugin at once (the shutdown's deadline passed). */
  kill(): void {
    this.closed = true
    this.quiesce()
    this.desired = 'stopped'
    for (const worker of [this.worker, this.launching, ...this.stopping]) worker?.kill('SIGKILL')
  }

  /**
   * Gives the running worker its current config through the changed modules' `onConfigChange`
   * hooks. Null when nothing runs or a changed module has no hook; throws naming a module that
   * refused its new values.
   */
  reconfigure(modules: string[]): Promise<{ modules: ModuleState[]; health: HealthStatus } | null> {
    return this.serial(async () => {
      const worker = this.worker
      if (!worker) return null
      const configs = await this.spec.readConfig()
      const answer = await worker.request<ConfigureAnswer>(
        'configure',
        { configs, modules },
        this.spec.timeouts.loadMs,
      )
      if (answer.restart) return null
      const refused = answer.modules.filter((m) => m.error)
      for (const m of answer.modules)
        this.spec.log.note(
          `module ${m.id} ${m.error ? `refused its new settings: ${m.error}` : 'took its new settings'}`,
        )
      if (refused.length > 0) {
        throw new Error(refused.map((m) => `module ${m.id} refused the configuration: ${m.error}`).join('; '))
      }
      return { modules: this.moduleStates, health: this.tracker.status }
    })
  }

  /**
   * Dev mode: the running worker's state from its `onSnapshot` hooks (the plugin's and its modules'),
   * as JSON of at most `maxBytes`; null when no worker runs.
   */
  snapshot(maxBytes: number): Promise<unknown> {
    return this.serial(async () => {
      const worker = this.worker
      if (!worker) return null
      const state = await worker.request('snapshot', { maxBytes }, this.spec.timeouts.callMs)
      const bytes = Buffer.byteLength(JSON.stringify(state ?? null))
      if (bytes > maxBytes)
        throw new Error(`the snapshot is ${bytes} bytes, more than the ${maxBytes} allowed`)
      this.spec.log.note(`snapshot taken (${bytes} bytes)`)
      return state
    })
  }

  /** Dev mode: hands a snapshot to the running worker's `onRestore` hooks. */
  restore(snapshot: unknown): Promise<void> {
    return this.serial(async () => {
      const worker = this.worker
      if (!worker || snapshot === null) return
      await worker.request('restore', { snapshot }, this.spec.timeouts.loadMs)
      this.spec.log.note('snapshot restored')
    })
  }

  /** Calls one of the plugin's tools. */
  call(tool: string, params: unknown): Promise<unknown> {
    if (!this.worker) return Promise.reject(new WorkerCallError('exit', 'the plugin is not running'))
    return this.worker.request('call', { tool, params }, this.spec.timeouts.callMs)
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task)
    this.queue = run.catch(() => {})
    return run
  }

  /** Spawns a worker and loads every module within the load deadline; kills it on any failure. */
  private async launch(signal?: AbortSignal): Promise<void> {
    const { manifest, codeDir, dataDir, log, timeouts } = this.spec
    const configs = await this.spec.readConfig()
    if (this.closed) throw new LoadFailure('CANCELLED', 'the server is stopping', log.tail())
    if (this.spec.mayRun && !this.spec.mayRun())
      throw new LoadFailure('CANCELLED', 'this node no longer holds its lease', log.tail())
    const worker = this.spec.spawn()
    this.launching = worker
    this.spec.onEvent({ type: 'spawned', pid: worker.pid })
    log.note(`worker ${worker.pid} starting ${manifest.id}@${manifest.version}`)
    this.modules = this.modules.map((m) => ({ ...m, status: 'starting', error: null }))
    try {
      const request = { manifest, codeDir, dataDir, configs, loadMs: timeouts.loadMs, log, signal }
      this.modules = await loadWorker(worker, request)
    } catch (error) {
      this.modules = this.modules.map((m) => ({ ...m, status: 'stopped' }))
      // A stop (or the server's shutdown) killed it while it loaded: that is not the plugin's failure.
      if (this.desired !== 'running' && error instanceof LoadFailure && error.code === 'LOAD_FAILED')
        throw new LoadFailure('CANCELLED', 'the plugin was stopped while it loaded', error.detail)
      throw error
    } finally {
      this.launching = null
    }
    if (this.desired !== 'running') {
      await this.shutdown(worker)
      throw new LoadFailure('CANCELLED', 'the plugin was stopped while it loaded', log.tail())
    }
    this.worker = worker
    void worker.exited.then((exit) => this.onExit(worker, describeExit(exit)))
    const failed = this.modules.filter((m) => m.status === 'stopped')
    for (const m of failed) log.note(`module ${m.id} stopped: ${m.error}`)
    this.tracker.started(failed.length > 0 ? 'degraded' : 'healthy')
    const running = this.modules.length - failed.length
    log.note(`worker ${worker.pid} ready (${running}/${this.modules.length} modules running)`)
    this.crashes.loaded()
    if (!this.closing) this.monitor.watch(worker)
    this.emitHealth()
  }

  /** Stops a worker on purpose: its exit is not a crash. */
  private async shutdown(worker: WorkerProcess): Promise<void> {
    this.stopping.add(worker)
    if (this.worker === worker) this.worker = null
    this.clearTimers()
    try {
      await stopWorker(worker, this.spec.timeouts, this.spec.log)
    } finally {
      this.stopping.delete(worker)
      this.modules = this.modules.map((m) => ({ ...m, status: 'stopped' }))
    }
  }

  private onExit(worker: WorkerProcess, how: string): void {
    if (this.stopping.has(worker) || this.worker !== worker) return
    this.worker = null
    this.clearTimers()
    this.modules = this.modules.map((m) => ({ ...m, status: 'stopped' }))
    if (this.closing) this.spec.log.note(`the worker exited while the server was stopping (${how})`)
    else if (this.desired === 'running') this.crashed(`the worker exited unexpectedly (${how})`)
  }

  /** Counts a crash, then schedules a restart with backoff, or gives up after too many in a row. */
  private crashed(reason: string): void {
    const { log } = this.spec
    const exhausted = this.crashes.record(reason)
    log.note(reason)
    this.spec.onEvent({ type: 'crash', reason, consecutive: this.crashes.consecutive })
    if (exhausted) {
      this.desired = 'failed'
      this.tracker.status = 'failed'
      const summary = `crashed ${this.crashes.consecutive} times in a row; last: ${reason}`
      log.note(`giving up: ${summary}`)
      this.emitHealth()
      this.spec.onEvent({ type: 'failed', reason: `${summary}\n\n${log.tail()}` })
      return
    }
    const { delayMs, at } = this.crashes.schedule(
      () => void this.serial(() => this.relaunch()).catch(() => {}),
    )
    this.tracker.status = 'recovering'
    this.emitHealth()
    this.spec.onEvent({ type: 'restart-scheduled', attempt: this.crashes.consecutive, delayMs, at })
  }

  /** A restart the supervisor decided on; one that fails counts as a crash and is rescheduled. */
  private async relaunch(): Promise<void> {
    this.crashes.restarting()
    if (this.desired !== 'running' || this.closing) return
    // Cluster mode: a node that lost its lease restarts nothing (another node runs the plugin now).
    if (this.spec.mayRun && !this.spec.mayRun()) {
      this.spec.log.note('not restarted: this node no longer holds its lease')
      return
    }
    // After a crash (not a health restart) a successful load is healthy again at once.
    if (this.tracker.attempts === 0) this.tracker.status = 'unknown'
    await this.relaunchOrCrash()
  }

  /** A restart the health monitor asked for, after its backoff delay. */
  private async restartForHealth(worker: WorkerProcess): Promise<void> {
    if (this.desired !== 'running' || this.closing || this.worker !== worker) return
    this.tracker.status = 'recovering'
    this.emitHealth()
    await this.shutdown(worker)
    await this.relaunchOrCrash()
  }

  /** Loads a fresh worker for a restart; a load that fails counts as a crash (and is rescheduled). */
  private async relaunchOrCrash(): Promise<void> {
    try {
      await this.launch()
      this.spec.onEvent({ type: 'restarted', pid: this.worker?.pid ?? null })
    } catch (error) {
      if (this.desired === 'running' && !this.closing)
        this.crashed(`the restart failed: ${(error as Error).message}`)
    }
  }

  private emitHealth(): void {
    this.spec.onEvent({ type: 'health', status: this.tracker.status, modules: this.moduleStates })
  }

  private clearTimers(): void {
    this.crashes.cancel()
    this.monitor.cancel()
  }
}
