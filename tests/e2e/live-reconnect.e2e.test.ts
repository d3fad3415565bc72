import { existsSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { PluginDetail } from '#core/api/plugin-schemas.ts'
import type { Task } from '#core/api/task-schemas.ts'
import { scaled } from '#tests/support/time-factor.ts'
import { apiClient, OWNER, waitFor } from '../api/server-process.ts'
import { type BrowserSession, openBrowser } from './support/browser.ts'
import { markWhen } from './support/dom-mark.ts'
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

const figure = (values: number[]) =>
  `p50 ${percentile(values, 50)} ms, p95 ${percentile(values, 95)} ms (${values.join(', ')})`

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
    console.info(`push: another session's disable/enable until the idle tab shows it: ${figure(latencies)}`)

    // Installs from the other session: from the request until the idle tab lists the plugin.
    const pluginIds = [pluginId]
    const installs: number[] = []
    for (const [ref, name] of [
      ['plugboard/hang-on-destroy', 'Hang on Destroy'],
      ['plugboard/slow-loader', 'Slow Loader'],
      ['plugboard/bad-upgrade', 'Bad Upgrade'],
    ] as const) {
      const listed = markWhen(page, 'tr', name, '')
      await listed.armed
      const sent = Date.now()
      const { task } = await other.json<{ task: Task }>('POST', '/installs', {
        items: [{ source: 'marketplace', pluginId: ref, version: '1.0.0' }],
      })
      installs.push((await listed.at) - sent)
      pluginIds.push(task.items[0]?.pluginId as string)
      await page
        .getByRole('row', { name: new RegExp(name) })
        .getByText('Ready')
        .waitFor({ timeout: scaled(60_000) })
    }
    console.info(`push: another session's install until the idle tab lists it: ${figure(installs)}`)

    // A second tab of the same admin idles on Hello's page; both tabs only watch from here on.
    const detail = await browser.context.newPage()
    await detail.goto(`${url}/w/default/plugins/${pluginId}`)
    await detail
      .getByRole('heading', { level: 1, name: /^Hello/ })
      .getByText('Ready')
      .waitFor()
    const quietLists = [recordTaskListRequests(page), recordTaskListRequests(detail)]
    await page.waitForTimeout(6_000) // the polling rule's last look after the installs ended
    const quietFrom = Date.now()

    // Workers crash in the background (killed from outside): each crash until a tab shows it.
    const onList: number[] = []
    const onPage: number[] = []
    // Hello four times (one fewer than ends the crash loop in error), the others twice each.
    for (const id of [...pluginIds, ...pluginIds.slice(1), pluginId, pluginId, pluginId]) {
      const before = await other.json<PluginDetail>('GET', `/plugins/${id}`)
      const pid = before.runtime?.pid
      if (!pid) throw new Error(`${before.name} has no worker to crash`)
      const listed = markWhen(page, 'tr', before.name, 'recovering')
      // The page's Health term (the events timeline below keeps earlier crashes).
      const shown = id === pluginId ? markWhen(detail, 'dd', null, 'recovering') : null
      await Promise.all([listed.armed, shown?.armed])
      const crashedAt = Date.now()
      process.kill(pid, 'SIGKILL')
      onList.push((await listed.at) - crashedAt)
      if (shown) onPage.push((await shown.at) - crashedAt)
      // Restarted: a new worker runs, and both tabs show it recovered.
      await waitFor(
        () => other.json<PluginDetail>('GET', `/plugins/${id}`),
        (plugin) =>
          plugin.status === 'ready' &&
          plugin.health !== 'recovering' &&
          !!plugin.runtime?.pid &&
          plugin.runtime.pid !== pid,
        60_000,
      )
      const row = page.getByRole('row', { name: new RegExp(before.name) })
      await row.getByText('recovering').waitFor({ state: 'detached', timeout: scaled(30_000) })
      if (shown)
        await detail.waitForFunction(
          () =>
            ![...document.querySelectorAll('dd')].some((term) => term.textContent?.trim() === 'recovering'),
          undefined,
          { timeout: scaled(30_000) },
        )
    }
    console.info(`push: a crash in the background until the idle list shows it: ${figure(onList)}`)
    console.info(`push: a crash in the background until the idle plugin page shows it: ${figure(onPage)}`)

    // Everything terminal, crashes or not: neither tab asked for the task list in a whole minute.
    const idleFor = 60_000 - (Date.now() - quietFrom)
    if (idleFor > 0) await page.waitForTimeout(idleFor)
    const asked = quietLists.map((requests) => requests.between(quietFrom, Date.now()).length)
    console.info(
      `task-list requests while everything is terminal and two tabs (the list, a plugin page) idle ${Math.round((Date.now() - quietFrom) / 1000)} s with workers crashing: ${asked.join(' + ')}`,
    )
    expect(asked).toEqual([0, 0])
    await detail.close()

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
