import { existsSync, readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { SourceMap } from 'node:module'
import { join } from 'node:path'
import type { CDPSession, Page } from 'playwright-core'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
  hitCount?: number
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples?: number[]
  timeDeltas?: number[]
}

/** Chromium's sampling profiler on one page, through CDP (started before navigation). */
export async function startPageProfile(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 })
  await cdp.send('Profiler.start')
  return cdp
}

/**
 * Stops the profiler, writes `<dir>/<name>.cpuprofile` (DevTools opens it) and prints the functions
 * with the most self time: where the main thread went while the page loaded.
 */
export async function stopPageProfile(
  cdp: CDPSession,
  dir: string,
  name: string,
  distDir: string,
  top = 15,
): Promise<void> {
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile }
  await writeFile(join(dir, `${name}.cpuprofile`), JSON.stringify(profile))
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const self = new Map<string, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i] as number)
    if (!node) continue
    const key = describe(node.callFrame, distDir)
    self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000)
  }
  const rows = [...self.entries()].filter(([key]) => key !== '(idle)').sort((a, b) => b[1] - a[1])
  console.log(`console: ${name}, self time by function (ms), profile in ${dir}/${name}.cpuprofile`)
  for (const [key, ms] of rows.slice(0, top))
    console.log(`  ${ms.toFixed(1).padStart(8)}  ${key.slice(0, 100)}`)
}

const maps = new Map<string, SourceMap | null>()

/** A frame of the built console, named by its source (the build's source maps); others as they are. */
function describe(frame: ProfileNode['callFrame'], distDir: string): string {
  const file = frame.url.split('/').at(-1) ?? ''
  let map = maps.get(file)
  if (map === undefined) {
    const path = join(distDir, 'assets', `${file}.map`)
    map = file && existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8'))) : null
    maps.set(file, map)
  }
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as
    | { originalSource?: string; originalLine?: number; name?: string }
    | undefined
  if (entry?.originalSource) {
    const source = entry.originalSource.replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '')
    return `${entry.name ?? frame.functionName ?? '(anonymous)'} ${source}:${(entry.originalLine ?? 0) + 1}`
  }
  return `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim()
}
