import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { OperationContext } from '#server/app/ports.ts'
import { FsCatalog } from '#server/catalog/fs-catalog.ts'
import { ProcessRuntime } from '#server/runtime/process-runtime.ts'
import { makePlugin } from '#server/store/store-fixtures.ts'

const CATALOG = fileURLToPath(new URL('../catalog', import.meta.url))

function row(id: string, pluginRef: string, version: string): Plugin {
  return makePlugin({
    id,
    workspaceId: 'bench',
    pluginId: pluginRef,
    name: pluginRef,
    version,
    author: 'bench',
    status: 'installed',
    health: 'unknown',
  })
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}
const ms = (value: number) => `${value.toFixed(1)} ms`

/**
 * Install → ready of plugboard/hello (resolve, copy, verify, start, load) N times, the idle RSS of
 * its worker, and the time to stop a worker (onDestroy + exit). docs/quality-bars.md: ≤ 1 s median, ≤ 60 MB idle.
 */
export async function runtimeBench(runs = 10): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'plugboard-bench-'))
  const catalog = new FsCatalog({ root: CATALOG, warn: () => {} })
  const runtime = new ProcessRuntime({
    dataDir,
    locatePackage: (pkg) => catalog.locate(pkg.pluginId, pkg.version),
    // No stored settings: the plugin runs with its own defaults.
    configOf: async () => ({}),
  })
  const ctxOf = (id: string): OperationContext => ({
    workspaceId: 'bench',
    plugin: row(id, 'plugboard/hello', '1.0.0'),
    signal: new AbortController().signal,
    report: async () => {},
  })
  const readyTimes: number[] = []
  const stopTimes: number[] = []
  const rss: number[] = []
  try {
    for (let i = 0; i < runs; i++) {
      const ctx = ctxOf(`hello-${i}`)
      const started = performance.now()
      const pkg = await catalog.resolve('plugboard/hello', '1.0.0')
      if (!pkg) throw new Error('plugboard/hello@1.0.0 is missing from the catalog')
      await runtime.install(ctx, pkg)
      await runtime.start(ctx)
      readyTimes.push(performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 300)) // let the worker settle to idle
      rss.push(runtime.info('bench', ctx.plugin.id)?.memoryRss ?? 0)
      const stopping = performance.now()
      await runtime.stop(ctx)
      stopTimes.push(performance.now() - stopping)
      await runtime.remove(ctx, { purge: true })
    }
  } finally {
    await runtime.stopAll()
    await rm(dataDir, { recursive: true, force: true })
  }
  console.log(`runtime: install → ready, plugboard/hello, ${runs} runs`)
  console.log(
    `  median ${ms(median(readyTimes))}  min ${ms(Math.min(...readyTimes))}  max ${ms(Math.max(...readyTimes))}`,
  )
  console.log(
    `runtime: idle worker RSS  median ${(median(rss) / 1024 / 1024).toFixed(1)} MB  max ${(Math.max(...rss) / 1024 / 1024).toFixed(1)} MB`,
  )
  console.log(`runtime: stop a worker  median ${ms(median(stopTimes))}  max ${ms(Math.max(...stopTimes))}`)
}
