import { existsSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Task } from '#core/api/task-schemas.ts'
import { scaled } from '#tests/support/time-factor.ts'
import { apiClient, OWNER } from '../api/server-process.ts'
import { type BrowserSession, openBrowser } from './support/browser.ts'
import { signIn } from './support/first-run.ts'
import { realServer } from './support/real-server.ts'
import { recordTaskListRequests } from './support/task-requests.ts'

/** A port nothing listens on now: the server comes back on it after the restart. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]

let browser: BrowserSession
let server: ReturnType<typeof realServer>
let url: string

beforeAll(async () => {
  if (!existsSync('dist/index.html'))
    throw new Error('dist/ is missing: run `npx vite build` (npm test does)')
  server = realServer({ env: { PORT: String(await freePort()) } })
  url = (await server.start()).url
  browser = await openBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.cleanup()
})

describe('an idle tab and another admin session, on the real server', () => {
  test("shows the other session's actions as they happen, and catches up after a server restart", async () => {
    const other = await apiClient(url)
    const page = browser.page
    await signIn(page, url, OWNER)
    await page.getByText('No plugins installed yet').waitFor()

    const { task } = await other.json<{ task: Task }>('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'plugboard/hello', version: '1.0.0' }],
    })
    const pluginId = task.items[0]?.pluginId as string
    const hello = page.getByRole('row', { name: /Hello/ })
    await hello.getByText('Ready').waitFor()

    // Disable and enable from the other session: the idle tab follows each within moments.
    const latencies: number[] = []
    for (const [action, shown] of [
      ['disable', 'Disabled'],
      ['enable', 'Ready'],
      ['disable', 'Disabled'],
      ['enable', 'Ready'],
      ['disable', 'Disabled'],
      ['enable', 'Ready'],
    ] as const) {
      const sent = Date.now()
      expect((await other.send('POST', `/plugins/${pluginId}/${action}`)).status).toBe(202)
      await hello.getByText(shown, { exact: true }).waitFor()
      latencies.push(Date.now() - sent)
    }
    console.info(
      `push: another session's disable/enable until the idle tab shows it: p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms (${latencies.join(', ')})`,
    )

    // The server stops: the tab says it is no longer live, and keeps working without the stream.
    await server.stop()
    await page.getByText(/Reconnecting…/).waitFor()

    // It comes back on the same port; a change made meanwhile reaches the tab once it reconnects.
    const taskLists = recordTaskListRequests(page)
    await server.start()
    const again = await apiClient(url)
    expect((await again.send('POST', `/plugins/${pluginId}/disable`)).status).toBe(202)
    await hello.getByText('Disabled', { exact: true }).waitFor({ timeout: scaled(60_000) })
    await page.getByText(/Reconnecting…/).waitFor({ state: 'detached', timeout: scaled(60_000) })
    // Nothing is active any more: once caught up, the tab does not poll.
    const caughtUp = Date.now()
    await page.waitForTimeout(6_000)
    expect(taskLists.between(caughtUp + 1_000, Date.now())).toHaveLength(0)
  })
})
