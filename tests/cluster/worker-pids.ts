import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { sep } from 'node:path'

/** One plugin worker process seen in /proc: the node whose DATA_DIR holds it, and its plugin. */
export interface SeenWorker {
  node: string
  /** `<workspace>/<org>__<name>`, from the worker's working directory (its plugin's data folder). */
  plugin: string
  pid: number
}

/**
 * Every plugin worker alive now, found by pid in /proc (workers are detached into their own process
 * groups, and a paused node cannot answer its API): a process running the worker host whose
 * working directory is under one of the nodes' data directories.
 */
export function workersNow(roots: Record<string, string>): SeenWorker[] {
  const seen: SeenWorker[] = []
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry)
    if (!Number.isInteger(pid)) continue
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('worker-host.mjs')) continue
      const cwd = readlinkSync(`/proc/${pid}/cwd`)
      for (const [node, root] of Object.entries(roots)) {
        const marker = `${sep}runtime${sep}plugins${sep}`
        if (!cwd.startsWith(root) || !cwd.includes(marker)) continue
        const [workspace, plugin] = cwd.slice(cwd.indexOf(marker) + marker.length).split(sep)
        seen.push({ node, plugin: `${workspace}/${plugin}`, pid })
      }
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return seen
}

/** What a sampler saw: how often, and each moment at which two nodes ran a worker of one plugin. */
export interface WorkerSamples {
  samples: number
  /** node → plugins it was seen running, with the pids. */
  seen: Map<string, Map<string, Set<number>>>
  /** Each sample (ms since the sampler started) where one plugin had workers on two nodes. */
  doubles: { atMs: number; plugin: string; workers: SeenWorker[] }[]
  /** The longest stretch of consecutive samples with a double, from its first to its last sample. */
  longestDoubleMs: number
}

/**
 * Samples every node's workers every `everyMs` until `stop()`: the record of whether two workers of
 * one plugin ever ran at the same time, and for how long.
 */
export function sampleWorkers(roots: Record<string, string>, everyMs = 50) {
  const result: WorkerSamples = { samples: 0, seen: new Map(), doubles: [], longestDoubleMs: 0 }
  const started = performance.now()
  let doubleSince: number | null = null
  const sample = () => {
    const now = performance.now() - started
    const byPlugin = new Map<string, SeenWorker[]>()
    for (const worker of workersNow(roots)) {
      byPlugin.set(worker.plugin, [...(byPlugin.get(worker.plugin) ?? []), worker])
      const plugins = result.seen.get(worker.node) ?? new Map<string, Set<number>>()
      plugins.set(worker.plugin, (plugins.get(worker.plugin) ?? new Set()).add(worker.pid))
      result.seen.set(worker.node, plugins)
    }
    let double = false
    for (const [plugin, workers] of byPlugin) {
      if (new Set(workers.map((worker) => worker.node)).size < 2) continue
      double = true
      result.doubles.push({ atMs: Math.round(now), plugin, workers })
    }
    if (double) {
      doubleSince ??= now
      result.longestDoubleMs = Math.max(result.longestDoubleMs, now - doubleSince)
    } else doubleSince = null
    result.samples++
  }
  sample()
  const timer = setInterval(sample, everyMs)
  return {
    /** The plugins (with pids) seen on one node so far. */
    seenOn: (node: string) => result.seen.get(node) ?? new Map<string, Set<number>>(),
    /** Whether a worker of `plugin` runs on `node` now. */
    runningOn: (node: string, plugin: string) =>
      workersNow(roots).some((worker) => worker.node === node && worker.plugin === plugin),
    stop(): WorkerSamples {
      clearInterval(timer)
      sample()
      return result
    },
  }
}
