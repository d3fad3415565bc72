import type { RuntimeInfo } from '#core/api/plugin-schemas.ts'
import {
  type Clock,
  type OperationContext,
  type Runtime,
  type StartResult,
  StepFailure,
} from '#server/app/ports.ts'
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
}

interface Worker {
  current: string | null
  staged: string | null
  previous: string[]
  running: boolean
  pid: number | null
  startedAt: string | null
}

const KEPT_VERSIONS = 3

/** The Runtime port without processes: steps take time on the clock and outcomes follow the scripts. */
export function createSimulatedRuntime(options: SimulatedRuntimeOptions): SimulatedRuntime {
  const { clock } = options
  const steps = createStepRunner({ clock, stepMs: options.stepMs ?? 500, script: options.script ?? {} })
  const workers = new Map<string, Worker>()
  let nextPid = 4100
  const diagnostics = createSimulatedDiagnostics(clock)

  const keyOf = (ctx: OperationContext) => `${ctx.workspaceId}/${ctx.plugin.id}`
  const workerOf = (ctx: OperationContext): Worker => {
    const existing = workers.get(keyOf(ctx))
    if (existing) return existing
    const created: Worker = {
      current: ctx.plugin.version,
      staged: null,
      previous: [],
      running: false,
      pid: null,
      startedAt: null,
    }
    workers.set(keyOf(ctx), created)
    return created
  }

  return {
    stepMs: steps.stepMs,
    setStepMs: steps.setStepMs,
    setScript: steps.setScript,
    async install(ctx, pkg) {
      try {
        await steps.run(ctx, ['download', 'verify', 'extract'], pkg)
      } catch (error) {
        workers.delete(keyOf(ctx)) // nothing unpacked stays behind
        throw error
      }
      workers.set(keyOf(ctx), {
        current: pkg.version,
        staged: null,
        previous: [],
        running: false,
        pid: null,
        startedAt: null,
      })
    },
    async start(ctx): Promise<StartResult> {
      const worker = workerOf(ctx)
      try {
        await steps.run(ctx, ['start', 'load'])
      } catch (error) {
        Object.assign(worker, { running: false, pid: null, startedAt: null })
        const text = error instanceof StepFailure ? (error.detail ?? error.message) : 'start cancelled'
        diagnostics.log(keyOf(ctx), `[host] worker for ${ctx.plugin.version} did not start: ${text}`)
        throw error
      }
      Object.assign(worker, { running: true, pid: nextPid++, startedAt: clock.now().toISOString() })
      const loaded = ctx.plugin.modules.map((module) => module.id).join(', ') || 'none'
      diagnostics.log(
        keyOf(ctx),
        `[host] worker pid ${worker.pid} started ${ctx.plugin.version}; modules loaded: ${loaded}`,
      )
      return {
        modules: ctx.plugin.modules.map((module) => ({ ...module, status: 'running', error: null })),
        health: 'healthy',
      }
    },
    async stop(ctx) {
      const worker = workerOf(ctx)
      if (!worker.running) return ctx.report({ step: 'stop', progress: 100 })
      await steps.run(ctx, ['stop']) // an abort leaves the worker running: nothing was stopped
      diagnostics.log(keyOf(ctx), `[host] worker pid ${worker.pid} stopped`)
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
      workers.delete(keyOf(ctx))
      if (purge) diagnostics.forget(keyOf(ctx))
    },
    healthHistory: (workspaceId, pluginId) =>
      diagnostics.healthHistory(workers.get(`${workspaceId}/${pluginId}`)?.startedAt ?? null),
    logs: (workspaceId, pluginId) => diagnostics.logs(`${workspaceId}/${pluginId}`),
    info(workspaceId, pluginId): RuntimeInfo | null {
      const worker = workers.get(`${workspaceId}/${pluginId}`)
      if (!worker?.running) return null
      return {
        pid: worker.pid,
        startedAt: worker.startedAt,
        memoryRss: 42_000_000 + ((worker.pid ?? 0) % 17) * 1_000_000,
        restarts: { consecutive: 0, total: 0 },
        lastCrash: null,
        nextRestartAt: null,
        pendingCalls: 0,
      }
    },
  }
}
