import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type BrowserSession, openBrowser } from './support/browser.ts'
import { createOwner } from './support/first-run.ts'
import { serveMockBuild } from './support/mock-app.ts'
import { realServer } from './support/real-server.ts'
import { recordTaskListRequests } from './support/task-requests.ts'

// A crashed worker restarts quickly here, so the crash loop ends within the test.
const server = realServer({ env: { PLUGBOARD_RESTART_BACKOFF_MS: '300' } })
let url: string
let browser: BrowserSession

beforeAll(async () => {
  browser = await openBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** Waits `ms` of page time (the test asserts on what did not happen meanwhile). */
const idle = (page: Page, ms: number) => page.waitForTimeout(ms)

async function installFromMarketplace(page: Page, name: string) {
  await page.goto(`${url}/w/default/marketplace`)
  await page.getByRole('button', { name: `Install ${name}` }).click()
}

describe('the live console on the real server', () => {
  beforeAll(async () => {
    if (!existsSync('dist/index.html'))
      throw new Error('dist/ is missing: run `npx vite build` (npm test does)')
    url = (await server.start()).url
  })
  afterAll(() => server.cleanup())

  test('a tab idling on the plugin list shows what another tab does, without reloading or polling', async () => {
    const watcher = browser.page
    let streams = 0
    watcher.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/workspaces/default/stream') streams++
    })
    await createOwner(watcher, url)
    await watcher.getByText('No plugins installed yet').waitFor()
    const taskLists = recordTaskListRequests(watcher)
    const streamsAtStart = streams
    expect(streamsAtStart).toBeGreaterThanOrEqual(1)
    await idle(watcher, 6_000)
    expect(taskLists.times).toHaveLength(0) // nothing active: no polling at all

    // Another tab of the same admin installs two plugins; the first one's worker keeps crashing.
    const actor = await browser.context.newPage()
    await installFromMarketplace(actor, 'Hello')
    const hello = watcher.getByRole('row', { name: /Hello/ })
    await hello.getByText('Ready').waitFor({ timeout: 30_000 })

    await installFromMarketplace(actor, 'Crashy')
    const crashy = watcher.getByRole('row', { name: /Crashy/ })
    await crashy.waitFor({ timeout: 30_000 })
    await crashy.getByText('Error').waitFor({ timeout: 90_000 })
    await crashy.getByText('Failed').waitFor()

    // Everything is terminal again: after the polling rule's last look, the tab is silent.
    await idle(watcher, 6_000)
    const settled = Date.now()
    await idle(watcher, 10_000)
    expect(taskLists.between(settled, Date.now())).toHaveLength(0)
    expect(streams).toBe(streamsAtStart) // the subscription never dropped
    expect(await watcher.getByText(/Reconnecting…/).count()).toBe(0)
    await actor.close()
  })
})

describe('the live console in mock mode', () => {
  test('the mock worker streams the same events: a crash loop shows up as it happens', async () => {
    const mock = await serveMockBuild()
    const page = await browser.context.newPage()
    try {
      const taskLists = recordTaskListRequests(page)
      await page.goto(`${mock.url}/w/default/plugins?scenario=crashing`)
      const weather = page.getByRole('row', { name: /Weather/ })
      await weather.getByText('Ready').waitFor({ timeout: 30_000 })
      const loaded = taskLists.times.length
      await weather.getByText('Recovering').waitFor({ timeout: 15_000 })
      await weather.getByText('Error').waitFor({ timeout: 60_000 })
      await weather.getByText('Failed').waitFor()
      expect(taskLists.times).toHaveLength(loaded) // pushed, not polled: no task is active
    } finally {
      await page.close()
      await mock.close()
    }
  })
})
