import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { scaled } from '#tests/support/time-factor.ts'
import { apiClient, OWNER, waitFor } from '../api/server-process.ts'
import { type BrowserSession, openBrowser } from './support/browser.ts'
import { realServer } from './support/real-server.ts'

const server = realServer()
let url: string
let browser: BrowserSession

beforeAll(async () => {
  if (!existsSync('dist/index.html'))
    throw new Error('dist/ is missing: run `npx vite build` (npm test does)')
  browser = await openBrowser()
  url = (await server.start()).url
})

afterAll(async () => {
  await browser?.close()
  await server.cleanup()
})

async function signIn(page: Page) {
  await page.goto(`${url}/login`)
  await page.getByLabel('Email', { exact: true }).fill(OWNER.email)
  await page.getByLabel('Password', { exact: true }).fill(OWNER.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Plugins' }).waitFor()
}

/** The number of the newest `tick <n>` line the log tail shows, once it is above `after`. */
async function nextTick(page: Page, after: number): Promise<number> {
  const handle = await page.waitForFunction(
    (above) => {
      const text = document.querySelector('[aria-label="Log tail"]')?.textContent ?? ''
      const ticks = [...text.matchAll(/tick (\d+)/g)].map((match) => Number(match[1]))
      const last = ticks.at(-1) ?? 0
      return last > above ? last : null
    },
    after,
    { timeout: scaled(15_000), polling: 'raf' },
  )
  return (await handle.jsonValue()) as number
}

describe('the live log on the real server', () => {
  test('the plugin page of a running plugin shows each new log line as the worker writes it', async () => {
    const api = await apiClient(url)
    const install = await api.json('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'plugboard/chatty', version: '1.0.0' }],
    })
    const task = await waitFor(
      () => api.json('GET', `/tasks/${install.task.id}`),
      (t) => t.status === 'success',
    )
    const pluginId = task.items[0].pluginId as string
    const page = browser.page
    await signIn(page)
    let reloads = 0
    page.on('framenavigated', () => reloads++)
    await page.goto(`${url}/w/default/plugins/${pluginId}`)
    const navigations = reloads
    // The ticker writes a line a second; the page polls its log every 30 s while a worker runs
    // steadily, so only the live stream can show the lines one by one.
    let tick = await nextTick(page, 0)
    for (let step = 0; step < 3; step++) {
      const next = await nextTick(page, tick)
      expect(next - tick).toBeLessThanOrEqual(3)
      tick = next
    }
    expect(reloads).toBe(navigations)
  })
})
