import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { scaled } from '#tests/support/time-factor.ts'
import { waitUntil } from '#tests/support/wait-until.ts'
import { type DevReload, runDev } from '../../cli/commands/dev.ts'
import { devStagePath } from '../../cli/package/dev-stage.ts'
import { apiClient, createApiToken, OWNER } from '../api/server-process.ts'
import { type BrowserSession, openBrowser } from './support/browser.ts'
import { realServer } from './support/real-server.ts'

const server = realServer({ env: { PLUGBOARD_DEV_MODE: '1' } })
let url: string
let browser: BrowserSession
let folder: string

const MANIFEST = {
  id: 'dev/notes',
  name: 'Notes in progress',
  version: '0.1.0',
  description: 'A plugin its author is writing',
  author: 'e2e',
  icon: null,
  categories: [],
  capabilities: [],
  modules: [{ id: 'notes', name: 'Notes', type: 'service' }],
  main: 'index.mjs',
  minHostVersion: '0.1.0',
}

const notesCode = (label: string) => `
let saves = 0
export default {
  modules: {
    notes: {
      onLoad() { console.log('notes ${label} loaded') },
      onSnapshot() { return { saves } },
      onRestore(state) { saves = state.saves + 1; console.log('notes ${label} restored after ' + saves + ' saves') },
    },
  },
}
`

beforeAll(async () => {
  if (!existsSync('dist/index.html'))
    throw new Error('dist/ is missing: run `npx vite build` (npm test does)')
  folder = await mkdtemp(join(tmpdir(), 'plugboard-dev-e2e-'))
  await writeFile(join(folder, 'plugin.json'), JSON.stringify(MANIFEST))
  await writeFile(join(folder, 'index.mjs'), notesCode('v1'))
  browser = await openBrowser()
  url = (await server.start()).url
})

afterAll(async () => {
  await browser?.close()
  await server.cleanup()
  await rm(devStagePath(folder), { recursive: true, force: true })
  await rm(folder, { recursive: true, force: true })
})

async function signIn(page: Page) {
  await page.goto(`${url}/login`)
  await page.getByLabel('Email', { exact: true }).fill(OWNER.email)
  await page.getByLabel('Password', { exact: true }).fill(OWNER.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Plugins' }).waitFor()
}

describe('dev mode in the console', () => {
  test('the page of a plugin in development shows its reloads and its live log as the author saves; Reload reloads it', async () => {
    const stop = new AbortController()
    const reloads: DevReload[] = []
    let pluginId = ''
    const token = await createApiToken(await apiClient(url), 'admin')
    const dev = runDev([folder, '--server', url, '--token', token], {
      signal: stop.signal,
      print: () => {},
      onReady: (id) => {
        pluginId = id
      },
      onReload: (reload) => reloads.push(reload),
    })
    try {
      await waitUntil(
        () => pluginId,
        (id) => id !== '',
        { withinMs: 30_000 },
      )
      const page = browser.page
      await signIn(page)
      const row = page.getByRole('row', { name: /Notes in progress/ })
      await row.getByText('In development').waitFor()
      await page.goto(`${url}/w/default/plugins/${pluginId}`)
      await page
        .getByRole('heading', { name: /Notes in progress/ })
        .getByText('In development')
        .waitFor()
      const log = page.getByRole('log', { name: 'Log tail' })
      await log.getByText('notes v1 loaded').waitFor()

      // The author saves twice; the page, never reloaded, shows each reload and its log lines.
      for (const [index, label] of ['v2', 'v3'].entries()) {
        await writeFile(join(folder, 'index.mjs'), notesCode(label))
        await log.getByText(`notes ${label} restored after ${index + 1} saves`).waitFor()
        await waitUntil(
          () => reloads.length,
          (n) => n === index + 1,
        )
      }
      expect(reloads.every((reload) => reload.ok)).toBe(true)
      await expect
        .poll(() => page.getByText(/^reloaded from its folder in \d+ ms/).count(), {
          timeout: scaled(15_000),
        })
        .toBe(2)

      // An admin reloads it from the page: the same reload, the state carried once more.
      await page.getByRole('button', { name: 'Reload' }).click()
      await log.getByText('notes v3 restored after 3 saves').waitFor()
      await expect
        .poll(() => page.getByText(/^reloaded from its folder in \d+ ms/).count(), {
          timeout: scaled(15_000),
        })
        .toBe(3)
    } finally {
      stop.abort()
      await dev
    }
  })
})
