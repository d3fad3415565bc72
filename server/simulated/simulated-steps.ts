import { type Clock, type OperationContext, StepFailure } from '#server/app/ports.ts'
import { DEMO_SCRIPTS } from './demo-catalog.ts'

/** How a catalog plugin behaves: fail at a step (with a one-line message and the full text), or run slower. */
export interface PluginScript {
  failAt?: string
  code?: string
  message?: string
  /** The full text (first line = message): the item's error detail and the plugin's lastError. */
  detail?: string
  /** Every step takes this many times the step time. */
  slowdown?: number
  /** Once started, the worker keeps crashing: see simulated-crash-loop.ts. */
  crashLoop?: CrashLoopScript
}

/**
 * A worker that crashes `crashAfterMs` after every start; the simulated supervisor restarts it
 * after `backoffMs` (doubling each time) and gives up after `maxCrashes` crashes in a row.
 */
export interface CrashLoopScript {
  crashAfterMs: number
  maxCrashes: number
  backoffMs?: number
}

/**
 * Timed steps that report progress and fail as scripted. Scripts match `org/name@version`, then
 * `org/name`, then `*`, then the demo catalog's own.
 */
export function createStepRunner(options: {
  clock: Clock
  stepMs: number
  script: Record<string, PluginScript>
}) {
  const { clock } = options
  let stepMs = options.stepMs
  const overrides = new Map(Object.entries(options.script))

  const scriptOf = (plugin: { pluginId: string; version: string }) =>
    overrides.get(`${plugin.pluginId}@${plugin.version}`) ??
    overrides.get(plugin.pluginId) ??
    overrides.get('*') ??
    DEMO_SCRIPTS[plugin.pluginId] ??
    {}

  // 0 ms runs without timers at all, so seeding works under fake timers too.
  async function wait(ms: number, signal: AbortSignal) {
    if (ms > 0) return clock.sleep(ms, signal)
    signal.throwIfAborted()
  }

  return {
    stepMs: () => stepMs,
    setStepMs(ms: number) {
      stepMs = ms
    },
    scriptOf,
    setScript(pluginRef: string, script: PluginScript | null) {
      if (script) overrides.set(pluginRef, script)
      else overrides.delete(pluginRef)
    },
    /** Runs `steps` in order, reporting progress 0–100 across them; rejects on abort or as scripted. */
    async run(
      ctx: OperationContext,
      steps: string[],
      target: { pluginId: string; version: string } = ctx.plugin,
    ) {
      const script = scriptOf(target)
      const ms = stepMs * (script.slowdown ?? 1)
      const span = 100 / steps.length
      for (const [index, step] of steps.entries()) {
        await ctx.report({ step, progress: Math.round(index * span), message: `${step}…` })
        await wait(ms / 2, ctx.signal)
        await ctx.report({ step, progress: Math.round((index + 0.5) * span) })
        await wait(ms / 2, ctx.signal)
        if (script.failAt === step) {
          const message = script.message ?? `${step} failed`
          throw new StepFailure(step, script.code ?? 'STEP_FAILED', message, script.detail ?? null)
        }
      }
      await ctx.report({ step: steps.at(-1) ?? 'done', progress: 100 })
    },
  }
}
