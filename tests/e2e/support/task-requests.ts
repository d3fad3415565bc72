import type { Page } from 'playwright-core'

/**
 * Records when the page itself asks for the task list (the panel's polling query), whether the
 * answer comes from the network or from the mock service worker.
 */
export function recordTaskListRequests(page: Page, workspace = 'default') {
  const times: number[] = []
  const path = `/api/workspaces/${workspace}/tasks`
  page.on('request', (request) => {
    if (request.method() === 'GET' && new URL(request.url()).pathname === path) times.push(Date.now())
  })
  return {
    times,
    between: (from: number, to: number) => times.filter((time) => time >= from && time <= to),
  }
}

/** Gaps in ms between consecutive times. */
export function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((time, index) => time - (times[index] as number))
}
