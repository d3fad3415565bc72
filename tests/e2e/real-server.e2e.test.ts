import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { scaled } from '#tests/support/time-factor.ts'
import { type BrowserSession, openBrowser } from './support/browser.ts'
import { createOwner, signIn } from './support/first-run.ts'
import { apiFromPage } from './support/page-api.ts'
import { realServer } from './support/real-server.ts'

// The production build served by the real server, PGlite on a temporary data directory.
const PLUGIN = { name: 'Hello' }

// A crashed worker restarts after 4 s, 8 s, 16 s, 32 s (±25 %): the page, which checks a steadily
// running plugin every 30 s, sees a scheduled restart before the fifth crash, then follows closely.
const server = realServer({ env: { PLUGBOARD_RESTART_BACKOFF_MS: '4000' } })
let url: string
let owner: BrowserSession

beforeAll(async () => {
  if (!existsSync('dist/index.html'))
    throw new Error('dist/ is missing: run `npx vite build` (npm test does)')
  url = (await server.start()).url
  owner = await openBrowser()
})

afterAll(async () => {
  await owner?.close()
  await server.cleanup()
})

describe('the console on the real server', () => {
  test('first-run setup, install, and the plugin survives a reload and a server restart', async () => {
    const { page } = owner
    await createOwner(page, url)

    await page.getByRole('link', { name: 'Marketplace', exact: true }).click()
    await page.getByRole('button', { name: `Install ${PLUGIN.name}` }).click()
    await page.getByRole('link', { name: 'Plugins', exact: true }).click()
    const row = page.getByRole('row', { name: new RegExp(PLUGIN.name) })
    await row.getByText('Ready').waitFor({ timeout: scaled(60_000) })

    await page.reload()
    await row.getByText('Ready').waitFor()

    await server.stop()
    url = (await server.start()).url
    await page.goto(`${url}/w/default/plugins`)
    await row.getByText('Ready').waitFor({ timeout: scaled(30_000) })
  })

  test('the healthy plugin runs its modules; the crashing one backs off, then fails with its reason', async () => {
    const { page } = owner
    await page.goto(`${url}/w/default/plugins`)
    await page.getByRole('row', { name: /Hello/ }).getByRole('link').first().click()
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor()
    const modules = page.getByRole('listitem').filter({ hasText: /running/i })
    await modules.first().waitFor()
    expect(await modules.count()).toBeGreaterThanOrEqual(2)

    await page.getByRole('link', { name: 'Marketplace', exact: true }).click()
    await page.getByRole('button', { name: 'Install Crashy' }).click()
    await page.getByRole('link', { name: 'Plugins', exact: true }).click()
    const row = page.getByRole('row', { name: /Crashy/ })
    await row.getByText('Ready').waitFor({ timeout: scaled(30_000) })
    await row.getByRole('link').first().click()
    await page.getByRole('heading', { level: 1, name: /^Crashy/ }).waitFor()
    // Backing off: a restart is scheduled and counted down…
    await page.getByRole('timer').waitFor({ timeout: scaled(45_000) })
    // …until the fifth crash in a row, when it stops for good with its reason.
    await page
      .getByText(/crashed 5 times in a row/)
      .first()
      .waitFor({ timeout: scaled(120_000) })
    await page.getByText('Error', { exact: true }).first().waitFor()
  })

  test('the owner invites a member, who sees no install or uninstall controls; the API refuses them', async () => {
    const { page } = owner
    await page.getByRole('link', { name: 'Members', exact: true }).click()
    await page.getByRole('heading', { name: 'Members' }).waitFor()
    await page.getByLabel('Email', { exact: true }).fill('milo@example.com')
    await page.getByLabel('Name (optional)').fill('Milo Member')
    await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('member')
    await page.getByRole('button', { name: 'Invite' }).click()
    const notice = page.getByRole('status', { name: 'Temporary password' })
    const temporaryPassword = (await notice.locator('code').textContent())?.trim() ?? ''
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(10)
    await page.getByRole('row', { name: /Milo Member/ }).waitFor()

    const member = await openBrowser()
    try {
      const { page } = member
      await signIn(page, `${url}/login`, { email: 'milo@example.com', password: temporaryPassword })
      const row = page.getByRole('row', { name: new RegExp(PLUGIN.name) })
      await row.waitFor()
      expect(await page.getByRole('button', { name: `Actions for ${PLUGIN.name}` }).count()).toBe(0)

      await page.getByRole('link', { name: 'Marketplace', exact: true }).click()
      await page.getByRole('heading', { name: PLUGIN.name }).first().waitFor()
      expect(await page.getByRole('button', { name: /^Install/ }).count()).toBe(0)

      const plugins = await apiFromPage(page, 'GET', '/api/workspaces/default/plugins')
      const [installed] = (plugins.body as { items: { id: string }[] }).items
      const uninstall = await apiFromPage(page, 'DELETE', `/api/workspaces/default/plugins/${installed?.id}`)
      expect(uninstall.status).toBe(403)
      const install = await apiFromPage(page, 'POST', '/api/workspaces/default/installs', {
        items: [{ source: 'marketplace', pluginId: 'plugboard/module-error', version: '1.0.0' }],
      })
      expect(install.status).toBe(403)
    } finally {
      await member.close()
    }
  })
})

describe('a package the server refuses', () => {
  test('its failure is listed first, offers no Retry, leaves no row, and the audit log says it failed', async () => {
    const { page } = owner
    await page.goto(`${url}/w/default/marketplace`)
    await page.getByRole('button', { name: 'Install plugboard/broken-manifest' }).click()
    const tasksButton = page.getByRole('button', { name: /^Tasks/ })
    await tasksButton.click()
    const panel = page.getByRole('dialog', { name: 'Tasks' })
    const failed = panel.getByRole('region', { name: /Failed/ })
    const card = failed.getByRole('listitem', { name: /broken-manifest/ })
    await card.waitFor({ timeout: 30_000 })
    // Failures come before the successes of the earlier installs.
    const groups = await panel
      .getByRole('region')
      .evaluateAll((regions) => regions.map((region) => region.getAttribute('aria-labelledby')))
    expect(groups.indexOf('task-group-failed')).toBeLessThan(groups.indexOf('task-group-succeeded'))
    await card
      .getByText(/must be a semantic version|plugin\.json/)
      .first()
      .waitFor()
    expect(await card.getByRole('button', { name: /^Retry/ }).count()).toBe(0)
    await page.keyboard.press('Escape')

    await page.getByRole('link', { name: 'Plugins', exact: true }).click()
    await page.getByRole('row', { name: /Hello/ }).waitFor()
    expect(await page.getByRole('row', { name: /broken-manifest/ }).count()).toBe(0)

    await page.getByRole('link', { name: 'Audit', exact: true }).click()
    const entry = page.getByRole('row', { name: /plugin\.install.*plugboard\/broken-manifest/ })
    await entry.getByText('failure', { exact: true }).waitFor()
  })
})
