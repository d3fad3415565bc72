import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { SESSION_COOKIE } from '#core/api/auth-schemas.ts'
import type { PluginList } from '#core/api/plugin-schemas.ts'
import { openDb } from '#server/sql/open-db.ts'
import { startServer } from '#tests/api/server-process.ts'
import { CHROMIUM_ARGS } from '#tests/e2e/support/browser.ts'
import { chromiumPath } from '../scripts/chromium-path.mjs'
import { BENCH_TOKEN, BENCH_WS, seedAccount } from './api-seed.ts'
import { ROOT } from './bench-process.ts'
import {
  PAGE_METRICS_SCRIPT,
  type PageMetrics,
  scrollAndCountDroppedFrames,
  settle,
  totalBlockingTime,
} from './browser-metrics.ts'
import { type LighthouseFigures, runLighthouse } from './lighthouse-run.ts'
import { seedMany } from './list-scale-bench.ts'
import { startPageProfile, stopPageProfile } from './page-profile.ts'
import { serveStatic, staticPage } from './static-rows.ts'

const PLUGINS = 10_000
const LONG_PAGE = 500

interface Load {
  tbt: number
  lcp: number
  firstRow: number
  listRequest: [number, number]
  scriptsLoaded: number
}

interface Scroll {
  frames: number
  dropped: number
}

/** A fresh browser context (cold cache) with the bench session, the metrics script, one page. */
async function openPage(browser: Browser, url: string) {
  // bypassCSP: the bench's own probes evaluate text in the page, which the console's CSP forbids.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true })
  await context.addCookies([
    { name: SESSION_COOKIE, value: BENCH_TOKEN, domain: new URL(url).hostname, path: '/' },
  ])
  await context.addInitScript({ content: PAGE_METRICS_SCRIPT })
  return { context, page: await context.newPage() }
}

async function measureLoad(
  browser: Browser,
  url: string,
  distDir: string,
  profileAs?: string,
): Promise<Load> {
  const { context, page } = await openPage(browser, url)
  try {
    const profileDir = process.env.BENCH_CPU_PROF
    const profiler = profileDir && profileAs ? await startPageProfile(page) : undefined
    await page.goto(url)
    const metrics: PageMetrics = await settle(page)
    if (profiler && profileDir && profileAs) await stopPageProfile(profiler, profileDir, profileAs, distDir)
    return {
      tbt: totalBlockingTime(metrics),
      lcp: metrics.lcp,
      firstRow: metrics.firstRow,
      listRequest: metrics.listRequest,
      scriptsLoaded: metrics.scriptsLoaded,
    }
  } finally {
    await context.close()
  }
}

async function measureScroll(browser: Browser, url: string): Promise<Scroll> {
  const { context, page } = await openPage(browser, url)
  try {
    await page.goto(url)
    await settle(page)
    return await scrollAndCountDroppedFrames(page)
  } finally {
    await context.close()
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}
const range = (values: number[], digits = 0) => {
  const sorted = [...values].sort((a, b) => a - b)
  const f = (value: number | undefined) => (value ?? Number.NaN).toFixed(digits)
  return `${f(median(values))} (${f(sorted[0])}–${f(sorted.at(-1))})`
}

function buildConsole(outDir: string): void {
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js')
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  )
  if (result.status !== 0) throw new Error(`vite build exited with ${result.status}`)
}

/**
 * The console's plugins page in Chromium against the real server (PGlite, 10,000 plugins), each
 * figure beside a static HTML page with the same rows served by a bare node:http server in the same
 * run: total blocking time and LCP on load, the first plugin row, dropped frames scrolling the
 * 500-row page, and Lighthouse's desktop performance score. docs/quality-bars.md holds the bars.
 */
export async function consoleBench(runs = 5): Promise<void> {
  const executablePath = chromiumPath()
  if (!executablePath) {
    console.log('console: no Chromium (apt-get install chromium); skipped')
    return
  }
  const dir = await mkdtemp(join(tmpdir(), 'plugboard-console-bench-'))
  // BENCH_CONSOLE_DIST: a console built elsewhere (another revision, to compare); else this one, built now.
  const distDir = process.env.BENCH_CONSOLE_DIST || join(dir, 'dist')
  const dataDir = join(dir, 'data')
  let server: Awaited<ReturnType<typeof startServer>> | undefined
  let statics: Awaited<ReturnType<typeof serveStatic>> | undefined
  let browser: Browser | undefined
  try {
    if (!process.env.BENCH_CONSOLE_DIST) buildConsole(distDir)
    const db = await openDb({ dataDir: join(dataDir, 'db') })
    try {
      await seedAccount(db)
      await seedMany(db, PLUGINS)
    } finally {
      await db.close()
    }
    server = await startServer({ dataDir, distDir, stepMs: 0 })
    const origin = server.url.replace('localhost', '127.0.0.1')
    const cookie = `${SESSION_COOKIE}=${BENCH_TOKEN}`
    const list = async (pageSize: number) => {
      const path = `/api/workspaces/${BENCH_WS}/plugins?pageSize=${pageSize}`
      const response = await fetch(origin + path, { headers: { cookie } })
      if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`)
      return ((await response.json()) as PluginList).items
    }
    const [first, long] = [await list(50), await list(LONG_PAGE)]
    statics = await serveStatic(distDir, {
      '/first': (css) => staticPage(first, css),
      '/long': (css) => staticPage(long, css),
    })
    const app = `${origin}/w/${BENCH_WS}/plugins`
    const pages = {
      app: { load: app, long: `${app}?pageSize=${LONG_PAGE}` },
      static: { load: `${statics.url}/first`, long: `${statics.url}/long` },
    }

    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
    const loads: Record<'app' | 'static', Load[]> = { app: [], static: [] }
    const scrolls: Record<'app' | 'static', Scroll[]> = { app: [], static: [] }
    for (let run = 0; run < runs; run++) {
      for (const kind of ['app', 'static'] as const) {
        // BENCH_CPU_PROF=<dir>: the first load of each is profiled and its costliest functions printed.
        loads[kind].push(
          await measureLoad(browser, pages[kind].load, distDir, run === 0 ? `${kind}-load` : undefined),
        )
        scrolls[kind].push(await measureScroll(browser, pages[kind].long))
      }
    }
    await browser.close()
    browser = undefined

    const lighthouseRuns = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? Math.max(1, Math.min(3, runs)))
    const scores: Record<'app' | 'static', LighthouseFigures[]> = { app: [], static: [] }
    for (let run = 0; run < lighthouseRuns; run++) {
      scores.app.push(await runLighthouse(executablePath, pages.app.load, { Cookie: cookie }))
      scores.static.push(await runLighthouse(executablePath, pages.static.load))
    }

    console.log(
      `console: plugins page, ${PLUGINS.toLocaleString('en')} plugins, real server (PGlite) vs static HTML with the same rows; median (min–max) of ${runs} cold loads`,
    )
    const line = (label: string, app: string, floor: string) =>
      console.log(`  ${label.padEnd(36)}${app.padStart(22)}${floor.padStart(22)}`)
    line('', 'console', 'static page')
    const pick = (kind: 'app' | 'static', read: (load: Load) => number) => loads[kind].map(read)
    line('first row, ms', range(pick('app', (l) => l.firstRow)), range(pick('static', (l) => l.firstRow)))
    const appLoads = loads.app
    line('  plugin list asked at, ms', range(appLoads.map((l) => l.listRequest[0])), '')
    line('  plugin list answered at, ms', range(appLoads.map((l) => l.listRequest[1])), '')
    line('  last script loaded at, ms', range(appLoads.map((l) => l.scriptsLoaded)), '')
    line('total blocking time, ms', range(pick('app', (l) => l.tbt)), range(pick('static', (l) => l.tbt)))
    line('LCP, ms', range(pick('app', (l) => l.lcp)), range(pick('static', (l) => l.lcp)))
    const dropped = (kind: 'app' | 'static') =>
      `${range(scrolls[kind].map((s) => s.dropped))} of ${median(scrolls[kind].map((s) => s.frames))}`
    line(`dropped frames scrolling ${LONG_PAGE} rows`, dropped('app'), dropped('static'))
    const lh = (kind: 'app' | 'static', read: (f: LighthouseFigures) => number) =>
      range(scores[kind].map(read))
    if (lighthouseRuns === 0) return
    console.log(`  Lighthouse ${lighthouseRuns}× (desktop preset, performance):`)
    line(
      '  score',
      lh('app', (f) => f.score),
      lh('static', (f) => f.score),
    )
    line(
      '  total blocking time, ms',
      lh('app', (f) => f.tbt),
      lh('static', (f) => f.tbt),
    )
    line(
      '  LCP, ms',
      lh('app', (f) => f.lcp),
      lh('static', (f) => f.lcp),
    )
  } finally {
    await browser?.close()
    await statics?.close()
    await server?.stop()
    await rm(dir, { recursive: true, force: true })
  }
}
