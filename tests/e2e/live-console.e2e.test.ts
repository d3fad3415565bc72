import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { scaled } from '#tests/support/time-factor.ts'
import { waitUntil } from '#tests/support/wait-until.ts'
import { type BrowserSession, openBrowser } from './support/browser.ts'
import { markWhen } from './support/dom-mark.ts'
import { createOwner, signIn } from './support/first-run.ts'
import { serveMockBuild } from './support/mock-app.ts'
import { apiFromPage } from './support/page-api.ts'
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

/** The plugin page's own refresh while a worker runs steadily (docs/runtime.md). */
const WATCH_POLL_MS = 30_000

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

    // A second idle tab on Crashy's page: enabled again from the other tab, its crashes in the
    // background show there as they happen, until it ends in error again, without a reload.
    const listed = await apiFromPage(actor, 'GET', '/api/workspaces/default/plugins?q=crashy')
    const crashyId = listed.body.items[0].id as string
    const page = await browser.context.newPage()
    await page.goto(`${url}/w/default/plugins/${crashyId}`)
    const title = page.getByRole('heading', { level: 1, name: /^Crashy/ })
    await title.getByText('Error').waitFor()
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }))
    const recovering = markWhen(page, 'dd', null, 'recovering') // the Health term
    await recovering.armed
    expect(
      (await apiFromPage(actor, 'POST', `/api/workspaces/default/plugins/${crashyId}/enable`)).status,
    ).toBe(202)
    await recovering.at
    await title.getByText('Error').waitFor({ timeout: scaled(90_000) })
    const lastError = page.getByRole('region', { name: 'Last error' })
    await lastError
      .getByText(/crashed 5 times in a row/)
      .first()
      .waitFor()
    await lastError.getByRole('button', { name: /Enable/ }).waitFor()
    expect(await page.evaluate(() => 'stillTheSamePage' in window)).toBe(true)
    await page.close()

    // An install cancelled from the other tab is rolled back: its row leaves the idle list, and the
    // marketplace card (open in the other tab) offers the install again. No row outlives its task.
    const started = await apiFromPage(actor, 'POST', '/api/workspaces/default/installs', {
      items: [{ source: 'marketplace', pluginId: 'plugboard/slow-loader', version: '1.0.0' }],
    })
    expect(started.status).toBe(202)
    const slow = watcher.getByRole('row', { name: /Slow Loader/ })
    await slow.waitFor()
    const installAgain = actor.getByRole('button', { name: 'Install Slow Loader' })
    await installAgain.waitFor({ state: 'detached' })
    const taskPath = `/api/workspaces/default/tasks/${started.body.task.id}`
    expect((await apiFromPage(actor, 'POST', `${taskPath}/cancel`)).status).toBe(200)
    await slow.waitFor({ state: 'detached', timeout: scaled(30_000) })
    await installAgain.waitFor({ timeout: scaled(30_000) })
    expect((await apiFromPage(actor, 'GET', taskPath)).body.status).toBe('cancelled')

    // Everything is terminal again: after the polling rule's last look, the tab is silent.
    await idle(watcher, 6_000)
    const settled = Date.now()
    await idle(watcher, 10_000)
    expect(taskLists.between(settled, Date.now())).toHaveLength(0)
    expect(streams).toBe(streamsAtStart) // the subscription never dropped
    expect(await watcher.getByText(/Reconnecting…/).count()).toBe(0)
    await actor.close()
  })

  test("an admin idling on a plugin's page sees another admin's enable, disable and configure as they happen", async () => {
    // Admin A: the owner (this browser). Admin B: an invited admin in a browser
    // (and session) of their own.
    const a = browser.page
    await a.goto(url)
    // Run alone, this test makes the owner itself.
    if ((await apiFromPage(a, 'GET', '/api/auth/setup')).body.setupRequired) await createOwner(a, url)
    await a.goto(`${url}/w/default/plugins`)
    await a.getByRole('heading', { name: 'Plugins' }).waitFor()
    const invited = await apiFromPage(a, 'POST', '/api/workspaces/default/members', {
      email: 'bo@example.com',
      name: 'Bo Admin',
      role: 'admin',
    })
    expect(invited.status).toBe(201)
    // Slow Loader's load takes seconds: its enable and configure tasks are visibly running.
    const installed = await apiFromPage(a, 'POST', '/api/workspaces/default/installs', {
      items: [{ source: 'marketplace', pluginId: 'plugboard/slow-loader', version: '1.0.0' }],
    })
    expect(installed.status).toBe(202)
    const pluginId = installed.body.task.items[0].pluginId as string

    const second = await openBrowser()
    try {
      const b = second.page
      await signIn(b, `${url}/login`, { email: 'bo@example.com', password: invited.body.temporaryPassword })
      await b.getByRole('heading', { name: 'Plugins' }).waitFor()
      const requests: { at: number; path: string }[] = []
      b.on('request', (request) => {
        const path = new URL(request.url()).pathname
        if (path.startsWith('/api/') && !path.endsWith('/stream')) requests.push({ at: Date.now(), path })
      })
      const detailPath = `/api/workspaces/default/plugins/${pluginId}`
      const lastDetailFetch = () =>
        Math.max(...requests.filter((request) => request.path === detailPath).map((request) => request.at))
      await b.goto(`${url}/w/default/plugins/${pluginId}`)
      const title = b.getByRole('heading', { level: 1, name: /^Slow Loader/ })
      const health = b.locator('dt', { hasText: /^Health$/ }).locator('xpath=following-sibling::dd[1]')
      const taskBadge = b.getByText('Task running', { exact: true })
      await title.getByText('Ready').waitFor({ timeout: scaled(60_000) })
      await health.getByText('healthy', { exact: true }).waitFor()
      await taskBadge.waitFor({ state: 'detached' })
      // The plugin's row can clear its task a moment before the task's own end reaches the panel:
      // count from when the panel, too, knows of nothing active (a poll already sent is not counted).
      const tasksButton = b.getByRole('button', { name: /^Tasks/ })
      await waitUntil(
        () => tasksButton.getAttribute('aria-label'),
        (label) => label === 'Tasks',
      )
      // A reload or a new document would lose this mark.
      await b.evaluate(() => Object.assign(window, { stillTheSamePage: true }))
      const taskLists = recordTaskListRequests(b)

      await idle(b, 6_000)
      expect(taskLists.times).toHaveLength(0) // nothing active: the task list is not polled

      // The page of a ready plugin refreshes by itself every 30 s: act just after such a refresh and
      // expect the change well before the next, so that only the push can have brought it.
      if (Date.now() - lastDetailFetch() > WATCH_POLL_MS / 2) {
        const seen = lastDetailFetch()
        await b.waitForRequest((request) => new URL(request.url()).pathname === detailPath, {
          timeout: WATCH_POLL_MS + scaled(5_000),
        })
        await waitUntil(lastDetailFetch, (at) => at > seen)
      }
      const beforeNextPoll = lastDetailFetch() + WATCH_POLL_MS - Date.now() - 2_000
      expect(
        (await apiFromPage(a, 'POST', `/api/workspaces/default/plugins/${pluginId}/disable`)).status,
      ).toBe(202)
      await title.getByText('Disabled').waitFor({ timeout: Math.min(scaled(5_000), beforeNextPoll) })
      await health.getByText('unknown', { exact: true }).waitFor()
      await taskBadge.waitFor({ state: 'detached' })
      // Disabled, nothing active: after the polling rule's last look, the tab sends nothing at all.
      await idle(b, 6_000)
      const quiet = Date.now()
      await idle(b, 8_000)
      expect(requests.filter((request) => request.at >= quiet)).toEqual([])

      // From here on the page does not poll: what it shows next can only come from the push.
      expect(
        (await apiFromPage(a, 'POST', `/api/workspaces/default/plugins/${pluginId}/enable`)).status,
      ).toBe(202)
      await taskBadge.waitFor()
      await title.getByText('Ready').waitFor()
      await health.getByText('healthy', { exact: true }).waitFor()
      await taskBadge.waitFor({ state: 'detached' })

      const configured = await apiFromPage(a, 'PUT', `/api/workspaces/default/plugins/${pluginId}/config`, {
        modules: { warmup: { loadDelayMs: 4000 } },
      })
      expect(configured.status).toBe(202)
      await taskBadge.waitFor()
      await taskBadge.waitFor({ state: 'detached' })
      await title.getByText('Ready').waitFor()
      const tasks = await apiFromPage(a, 'GET', '/api/workspaces/default/tasks')
      expect(tasks.body.items[0]).toMatchObject({ kind: 'configure', status: 'success' })

      expect(await b.evaluate(() => 'stillTheSamePage' in window)).toBe(true)
      expect(await b.getByText(/Reconnecting…/).count()).toBe(0)
    } finally {
      await second.close()
    }
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
