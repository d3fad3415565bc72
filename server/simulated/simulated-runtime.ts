import type { RuntimeInfo } from '#core/api/plugin-schemas.ts'
import {
  type Clock,
  type OperationContext,
  type Runtime,
  type StartResult,
  StepFailure,
  type SupervisionReports,
} from '#server/app/ports.ts'
import { runCrashLoop, type SimulatedRestarts } from './simulated-crash-loop.ts'
import { createSimulatedDiagnostics } from './simulated-diagnostics.ts'
import { createStepRunner, type PluginScript } from './simulated-steps.ts'

export interface SimulatedRuntimeOptions {
  clock: Clock
  /** Time per step; 0 runs without timers (seeding, instant tests). Default 500. */
  stepMs?: number
  /** Per `org/name@version`, `org/name`, or `*` for every plugin (first match wins), over DEMO_SCRIPTS. */
  script?: Record<string, PluginScript>
}

export interface SimulatedRuntime extends Runtime {
  stepMs(): number
  setStepMs(ms: number): void
  setScript(pluginRef: string, script: PluginScript | null): void
  /** Who hears about crashes, restarts and give-ups (the app's supervision service). */
  setSupervisor(reports: SupervisionReports): void
}

interface Worker {
  current: string | null
  staged: string | null
  previous: string[]
  running: boolean
  pid: number | null
  startedAt: string | null
  restarts: SimulatedRestarts
  /** Aborts the worker's scripted crash loop when it is stopped on purpose. */
  supervision: AbortController | null
}

const newWorker = (current: string | null): Worker => ({
  current,
  staged: null,
  previous: [],
  running: false,
  pid: null,
  startedAt: null,
  restarts: { consecutive: 0, total: 0, lastCrash: null, nextRestartAt: null },
  supervision: null,
})

const KEPT_VERSIONS = 3

/** The Runtime port without processes: steps take time on the clock and outcomes follow the scripts. */
export function createSimulatedRuntime(options: SimulatedRuntimeOptions): SimulatedRuntime {
  const { clock } = options
  const steps = createStepRunner({ clock, stepMs: options.stepMs ?? 500, script: options.script ?? {} })
  const workers = new Map<string, Worker>()
  let nextPid = 4100
  const diagnostics = createSimulatedDiagnostics(clock)
  let supervisor: SupervisionReports | null = null

  /** A line in the worker's log; the live console hears of it as it is written. */
  const note = (ctx: Pick<OperationContext, 'workspaceId' | 'plugin'>, line: string) => {
    diagnostics.log(`${ctx.workspaceId}/${ctx.plugin.id}`, line)
    supervisor?.event(ctx.workspaceId, ctx.plugin.id, {
      kind: 'log',
      at: clock.now().toISOString(),
      message: line,
    })
  }

  const endSupervision = (worker: Worker) => {
    worker.supervision?.abort(new Error('stopped'))
    worker.supervision = null
    worker.restarts.nextRestartAt = null
  }

  /** A scripted crash loop starts with the worker and ends when the worker is stopped. */
  function supervise(ctx: OperationContext, worker: Worker): void {
    const script = steps.scriptOf(ctx.plugin).crashLoop
    if (!script) return
    const controller = new AbortController()
    worker.supervision = controller
    const host = {
      clock,
      workspaceId: ctx.workspaceId,
      pluginId: ctx.plugin.id,
      modules: ctx.plugin.modules,
      restarts: worker.restarts,
      reports: supervisor,
      note: (line: string) => note(ctx, line),
      setRunning(running: boolean) {
        const pid = running ? nextPid++ : null
        Object.assign(worker, { running, pid, startedAt: running ? clock.now().toISOString() : null })
        return pid
      },
      logTail: () => diagnostics.logs(keyOf(ctx)) ?? '',
    }
    void runCrashLoop(host, script, controller.signal).finally(() => {
      if (worker.supervision === controller) worker.supervision = null
    })
  }

  const keyOf = (ctx: OperationContext) => `${ctx.workspaceId}/${ctx.plugin.id}`
  const workerOf = (ctx: OperationContext): Worker => {
    const existing = workers.get(keyOf(ctx))
    if (existing) return existing
    const created = newWorker(ctx.plugin.version)
    workers.set(keyOf(ctx), created)
    return created
  }

  return {
    stepMs: steps.stepMs,
    setStepMs: steps.setStepMs,
    setScript: steps.setScript,
    setSupervisor(reports) {
      supervisor = reports
    },
    async install(ctx, pkg) {
      try {
        await steps.run(ctx, ['download', 'verify', 'extract'], pkg)
      } catch (error) {
        workers.delete(keyOf(ctx)) // nothing unpacked stays behind
        throw error
      }
      workers.set(keyOf(ctx), newWorker(pkg.version))
    },
    async start(ctx): Promise<StartResult> {
      const worker = workerOf(ctx)
      endSupervision(worker) // an admin's start begins the crash count anew
      worker.restarts.consecutive = 0
      try {
        await steps.run(ctx, ['start', 'load'])
      } catch (error) {
        Object.assign(worker, { running: false, pid: null, startedAt: null })
        const text = error instanceof StepFailure ? (error.detail ?? error.message) : 'start cancelled'
        note(ctx, `[host] worker for ${ctx.plugin.version} did not start: ${text}`)
        throw error
      }
      Object.assign(worker, { running: true, pid: nextPid++, startedAt: clock.now().toISOString() })
      const loaded = ctx.plugin.modules.map((module) => module.id).join(', ') || 'none'
      note(ctx, `[host] worker pid ${worker.pid} started ${ctx.plugin.version}; modules loaded: ${loaded}`)
      supervise(ctx, worker)
      const started: StartResult = {
        modules: ctx.plugin.modules.map((module) => ({ ...module, status: 'running', error: null })),
        health: 'healthy',
      }
      // As a real worker's first health report: supervision keeps it (and writes it when no task does).
      void supervisor?.state(ctx.workspaceId, ctx.plugin.id, started)
      return started
    },
    async stop(ctx) {
      const worker = workerOf(ctx)
      if (!worker.running) {
        endSupervision(worker) // a crashed worker waiting for its restart stays down
        return ctx.report({ step: 'stop', progress: 100 })
      }
      await steps.run(ctx, ['stop']) // an abort leaves the worker running: nothing was stopped
      endSupervision(worker)
      note(ctx, `[host] worker pid ${worker.pid} stopped`)
      Object.assign(worker, { running: false, pid: null, startedAt: null })
    },
    async stage(ctx, pkg) {
      await steps.run(ctx, ['download', 'verify', 'extract'], pkg)
      workerOf(ctx).staged = pkg.version
    },
    async settleStaged(ctx, decision) {
      const worker = workerOf(ctx)
      await ctx.report({ step: decision === 'commit' ? 'swap' : 'discard', progress: 100 })
      if (decision === 'commit' && worker.staged) {
        if (worker.current) worker.previous = [...worker.previous, worker.current].slice(-KEPT_VERSIONS)
        worker.current = worker.staged
      }
      worker.staged = null
    },
    async rollback(ctx) {
      const worker = workerOf(ctx)
      await ctx.report({ step: 'rollback', progress: 100 })
      worker.staged = worker.current
      worker.current = worker.previous.pop() ?? worker.current
    },
    async remove(ctx, { purge }) {
      await steps.run(ctx, ['remove'])
      const worker = workers.get(keyOf(ctx))
      if (worker) endSupervision(worker)
      workers.delete(keyOf(ctx))
      if (purge) diagnostics.forget(keyOf(ctx))
    },
    healthHistory: (workspaceId, pluginId) =>
      diagnostics.healthHistory(workers.get(`${workspaceId}/${pluginId}`)?.startedAt ?? null),
    logs: (workspaceId, pluginId) => diagnostics.logs(`${workspaceId}/${pluginId}`),
    info(workspaceId, pluginId): RuntimeInfo | null {
      const worker = workers.get(`${workspaceId}/${pluginId}`)
      if (!worker?.running && !worker?.supervision) return null
      const { consecutive, total, lastCrash, nextRestartAt } = worker.restarts
      return {
        pid: worker.pid,
        startedAt: worker.startedAt,
        memoryRss: worker.pid ? 42_000_000 + (worker.pid % 17) * 1_000_000 : null,
        restarts: { consecutive, total },
        lastCrash,
        nextRestartAt,
        pendingCalls: 0,
      }
    },
  }
}
