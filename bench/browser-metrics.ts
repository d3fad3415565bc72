import type { Page } from 'playwright-core'

/** What the page itself recorded (performance.now() milliseconds since navigation start). */
export interface PageMetrics {
  fcp: number
  lcp: number
  /** The frame after the first plugin row entered the DOM. */
  firstRow: number
  /** [start, duration] of every long task (> 50 ms on the main thread). */
  longTasks: [number, number][]
  /** When the plugin list was asked for and answered, and when the last script arrived. */
  listRequest: [number, number]
  scriptsLoaded: number
}

/**
 * Injected before navigation (it runs before any script of the page): observers for long tasks, LCP
 * and FCP, and a mutation observer that notes the frame in which the first plugin row shows (a row
 * with a link: the skeleton rows have none). Plain text, not a function: the bench runs through a
 * transpiler whose helpers would not exist in the page.
 */
export const PAGE_METRICS_SCRIPT = `(() => {
  const metrics = { fcp: 0, lcp: 0, firstRow: 0, longTasks: [] }
  window.__bench = metrics
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) metrics.longTasks.push([entry.startTime, entry.duration])
  }).observe({ type: 'longtask', buffered: true })
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) metrics.lcp = entry.startTime
  }).observe({ type: 'largest-contentful-paint', buffered: true })
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') metrics.fcp = entry.startTime
  }).observe({ type: 'paint', buffered: true })
  let noted = false
  const watcher = new MutationObserver(() => {
    if (noted || !document.querySelector('tbody tr td a')) return
    noted = true
    watcher.disconnect()
    requestAnimationFrame(() => { metrics.firstRow = performance.now() })
  })
  watcher.observe(document, { childList: true, subtree: true })
})()`

/** Total blocking time as Lighthouse counts it: the excess over 50 ms of each long task after FCP. */
export function totalBlockingTime(metrics: PageMetrics): number {
  return metrics.longTasks
    .filter(([start]) => start >= metrics.fcp)
    .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0)
}

/** Waits for the first row, then until the main thread has had no long task for `quietMs`. */
export async function settle(page: Page, quietMs = 1_000, maxMs = 10_000): Promise<PageMetrics> {
  await page
    .waitForFunction('window.__bench.firstRow > 0', undefined, { timeout: 30_000 })
    .catch(async () => {
      const text = (await page.textContent('body').catch(() => null))?.slice(0, 300)
      throw new Error(`no plugin row on ${page.url()} within 30 s; the page says: ${text}`)
    })
  const deadline = Date.now() + maxMs
  for (;;) {
    const { metrics, now } = await page.evaluate<{ metrics: PageMetrics; now: number }>(`({
      metrics: {
        ...window.__bench,
        listRequest: performance.getEntriesByType('resource')
          .filter((entry) => /\\/plugins\\?/.test(entry.name))
          .map((entry) => [entry.startTime, entry.responseEnd])[0] ?? [0, 0],
        scriptsLoaded: Math.max(0, ...performance.getEntriesByType('resource')
          .filter((entry) => entry.initiatorType === 'script' || entry.name.endsWith('.js'))
          .map((entry) => entry.responseEnd)),
      },
      now: performance.now(),
    })`)
    const lastEnd = Math.max(metrics.firstRow, ...metrics.longTasks.map(([start, d]) => start + d))
    if (now - lastEnd >= quietMs || Date.now() > deadline) return metrics
    await page.waitForTimeout(200)
  }
}

const FRAME_MS = 1000 / 60

/**
 * Scrolls the list's scroll container (or the document) by `step` px every animation frame, down to
 * the end and back, for `frames` frames; counts the frames that were missed: every gap between two
 * animation frames longer than 1.5 frames drops `round(gap / frame) - 1` of them.
 */
export function scrollAndCountDroppedFrames(
  page: Page,
  frames = 600,
  step = 40,
): Promise<{ frames: number; dropped: number }> {
  return page.evaluate(`new Promise((resolve) => {
    const frames = ${frames}, step = ${step}, frameMs = ${FRAME_MS}
    let element = document.querySelector('tbody tr td a')?.parentElement ?? null
    while (element && !(element.scrollHeight > element.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(element).overflowY))) {
      element = element.parentElement
    }
    const scroller = element ?? document.scrollingElement ?? document.documentElement
    scroller.scrollTop = 0
    let direction = 1, last = 0, first = 0, dropped = 0
    const tick = (time) => {
      if (!first) first = time
      if (last && time - last > 1.5 * frameMs) dropped += Math.round((time - last) / frameMs) - 1
      last = time
      const expected = Math.round((time - first) / frameMs)
      if (expected >= frames) return resolve({ frames: expected, dropped })
      const max = scroller.scrollHeight - scroller.clientHeight
      if (scroller.scrollTop >= max - 1) direction = -1
      else if (scroller.scrollTop <= 0) direction = 1
      scroller.scrollTop += direction * step
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })`)
}
