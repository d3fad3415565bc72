import type { RuntimeInfo } from '#core/api/plugin-schemas.ts'
import type { Clock, OperationContext, Runtime, StartResult } from '#server/app/ports.ts'
import { StepFailure } from '#server/app/ports.ts'
import { DEMO_SCRIPTS } from './demo-catalog.ts'

/** How a catalog plugin behaves: fail at a step (with a one-line message and the full text), or run slower. */
export interface PluginScript {
  failAt?: string
  code?: string
  message?: string
  detail?: string
  /** Every step takes this many times the step time. */
  slowdown?: number
}

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
  let stepMs = options.stepMs ?? 500
  const overrides = new Map(Object.entries(options.script ?? {}))
  const workers = new Map<string, Worker>()
  let nextPid = 4100

  const scriptOf = (plugin: { pluginId: string; version: string }) =>
    overrides.get(`${plugin.pluginId}@${plugin.version}`) ??
    overrides.get(plugin.pluginId) ??
    overrides.get('*') ??
    DEMO_SCRIPTS[plugin.pluginId] ??
    {}
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

  async function wait(ms: number, signal: AbortSignal) {
    if (ms > 0) return clock.sleep(ms, signal)
    signal.throwIfAborted()
  }

  /** Runs `steps` in order, reporting progress from 0 to 100 across them; throws what the script says. */
  async function runSteps(
    ctx: OperationContext,
    steps: string[],
    target: { pluginId: string; version: string } = ctx.plugin,
  ) {
    const script = scriptOf(target)
    const ms = stepMs * (script.slowdown ?? 1)
    for (const [index, step] of steps.entries()) {
      const base = (index * 100) / steps.length
      const span = 100 / steps.length
      await ctx.report({ step, progress: Math.round(base), message: `${step}…` })
      await wait(ms / 2, ctx.signal)
      await ctx.report({ step, progress: Math.round(base + span / 2) })
      await wait(ms / 2, ctx.signal)
      if (script.failAt === step) {
        const message = script.message ?? `${step} failed`
        throw new StepFailure(step, script.code ?? 'STEP_FAILED', message, script.detail ?? null)
      }
    }
    await ctx.report({ step: steps.at(-1) ?? 'done', progress: 100 })
  }

  return {
    stepMs: () => stepMs,
    setStepMs(ms) {
      stepMs = ms
    },
    setScript(pluginRef, script) {
      if (script) overrides.set(pluginRef, script)
      else overrides.delete(pluginRef)
    },
    async install(ctx, pkg) {
      try {
        await runSteps(ctx, ['download', 'verify', 'extract'], pkg)
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
        await runSteps(ctx, ['start', 'load'])
      } catch (error) {
        Object.assign(worker, { running: false, pid: null, startedAt: null })
        throw error
      }
      Object.assign(worker, { running: true, pid: nextPid++, startedAt: clock.now().toISOString() })
      return {
        modules: ctx.plugin.modules.map((module) => ({ ...module, status: 'running', error: null })),
        health: 'healthy',
      }
    },
    async stop(ctx) {
      const worker = workerOf(ctx)
      if (!worker.running) return ctx.report({ step: 'stop', progress: 100 })
      await runSteps(ctx, ['stop']) // an abort leaves the worker running: nothing was stopped
      Object.assign(worker, { running: false, pid: null, startedAt: null })
    },
    async stage(ctx, pkg) {
      await runSteps(ctx, ['download', 'verify', 'extract'], pkg)
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
    async remove(ctx) {
      await runSteps(ctx, ['remove'])
      workers.delete(keyOf(ctx))
    },
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
