import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { scrollsSideways, seriousViolations } from './support/axe.ts'
import { type BrowserSession, openBrowser } from './support/browser.ts'
import { createOwner } from './support/first-run.ts'
import { apiFromPage } from './support/page-api.ts'
import { realServer } from './support/real-server.ts'

// Settings of a real plugin in its real worker, from the console on the real server.
const SECRET = 'hello-token-e2e-5f0c9a'
const server = realServer()
let url: string
let browser: BrowserSession
/** Every response body the page received. */
const bodies: string[] = []

beforeAll(async () => {
  if (!existsSync('dist/index.html'))
    throw new Error('dist/ is missing: run `npx vite build` (npm test does)')
  url = (await server.start()).url
  browser = await openBrowser()
  browser.page.on('response', (response) => {
    void response.text().then(
      (text) => bodies.push(text),
      () => {},
    )
  })
})

afterAll(async () => {
  await browser?.close()
  await server.cleanup()
})

/**
 * The serious accessibility violations inside the settings (the section and its dialog); the rest
 * of the page has its own checks.
 */
async function settingsViolations(page: Page) {
  const violations = await seriousViolations(page)
  const inside = await page.evaluate(
    (targets) =>
      targets.map((all) =>
        all.some((target) => document.querySelector(target)?.closest('#configuration, [role="dialog"]')),
      ),
    violations.map((violation) => violation.targets),
  )
  return violations.filter((_, index) => inside[index])
}

/** Waits until the history's newest version has `status`. */
async function newestVersion(page: Page, status: 'applied' | 'failed', version: number) {
  const versions = page.getByRole('list', { name: 'Versions' })
  await versions
    .getByRole('listitem')
    .first()
    .filter({ hasText: `Version ${version}` })
    .filter({ hasText: status })
    .waitFor({ timeout: 60_000 })
}

describe('configuring a plugin from the console', () => {
  let pluginId = ''
  const logs = async (page: Page) =>
    (await apiFromPage(page, 'GET', `/api/workspaces/default/plugins/${pluginId}/logs`)).body.text as string

  test('the greeting changes through the generated form (by keyboard) and the plugin uses it', async () => {
    const { page } = browser
    await createOwner(page, url)
    const install = await apiFromPage(page, 'POST', '/api/workspaces/default/installs', {
      items: [{ source: 'marketplace', pluginId: 'plugboard/hello', version: '1.0.0' }],
    })
    expect(install.status).toBe(202)
    pluginId = install.body.task.items[0].pluginId
    await page.goto(`${url}/w/default/plugins/${pluginId}`)
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor()
    await page.getByText('Ready', { exact: true }).first().waitFor({ timeout: 60_000 })

    const greeting = page.getByLabel('Greeting', { exact: true })
    await greeting.waitFor({ timeout: 30_000 })
    expect(await greeting.inputValue()).toBe('Hello')
    await page.getByText('What the greet tool says before the name.').waitFor()
    expect(await settingsViolations(page)).toEqual([])

    await greeting.focus()
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type('Howdy')
    await page.keyboard.press('Enter') // submits the module's form
    const dialog = page.getByRole('dialog', { name: /Save the settings of Greeter/ })
    await dialog.waitFor()
    await dialog
      .getByRole('list', { name: 'Changes' })
      .getByText(/Greeting/)
      .waitFor()
    expect(await dialog.getByRole('list', { name: 'Changes' }).textContent()).toContain('"Hello" → "Howdy"')
    expect(await settingsViolations(page)).toEqual([])
    await page.keyboard.press('Tab') // Back → Save
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save')
    await page.keyboard.press('Enter')
    await newestVersion(page, 'applied', 2)
    expect(await logs(page)).toContain('greeter ready with greeting "Howdy"')
  })

  test('a secret is set, then shown only as set after a reload, and never reaches the page', async () => {
    const { page } = browser
    await page.getByLabel('API token', { exact: true }).fill(SECRET)
    await page.getByRole('button', { name: 'Review and save…' }).first().click()
    const dialog = page.getByRole('dialog')
    expect(await dialog.getByRole('list', { name: 'Changes' }).textContent()).toContain('replaced (secret)')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await newestVersion(page, 'applied', 3)
    expect(await logs(page)).toContain('token set')

    await page.reload()
    await page.getByLabel('Greeting', { exact: true }).waitFor({ timeout: 30_000 })
    await page.getByRole('button', { name: 'Replace API token' }).waitFor()
    expect(await page.getByText('set', { exact: true }).count()).toBeGreaterThan(0)
    expect(await page.content()).not.toContain(SECRET)
    for (const body of bodies) expect(body).not.toContain(SECRET)
    expect(await logs(page)).not.toContain(SECRET)
  })

  test('a value the plugin refuses fails the task, rolls back, and the plugin runs as before', async () => {
    const { page } = browser
    const locale = page.getByLabel('Locale', { exact: true })
    await locale.fill('xx')
    await page.getByRole('button', { name: 'Review and save…' }).first().click()
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click()
    await newestVersion(page, 'failed', 4)
    const tasks = await apiFromPage(page, 'GET', '/api/workspaces/default/tasks')
    const [configure] = tasks.body.items
    expect(configure).toMatchObject({ kind: 'configure', status: 'failed' })
    expect(configure.items[0].error.message).toMatch(/unsupported locale "xx".*rolled back to version 3/)
    const plugin = await apiFromPage(page, 'GET', `/api/workspaces/default/plugins/${pluginId}`)
    expect(plugin.body).toMatchObject({ status: 'ready', health: 'healthy' })
    expect(plugin.body.runtime.pid).toBeGreaterThan(0)
    const config = await apiFromPage(page, 'GET', `/api/workspaces/default/plugins/${pluginId}/config`)
    expect(config.body.version).toBe(3)
    expect(config.body.modules[0].values).toMatchObject({ greeting: 'Howdy', locale: 'en' })
    await page.getByRole('list', { name: 'Versions' }).getByText('in force').waitFor()
    for (const body of bodies) expect(body).not.toContain(SECRET)
  })

  test('on a narrow screen the settings fit without sideways scrolling', async () => {
    const { page } = browser
    await page.setViewportSize({ width: 375, height: 740 })
    await page.getByLabel('Greeting', { exact: true }).scrollIntoViewIfNeeded()
    // Nothing of the settings reaches past the right edge (the rest of the page has its own checks).
    const overflowing = await page.evaluate(() =>
      [...document.querySelectorAll('#configuration *')]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
    )
    expect(overflowing).toEqual([])
    if (overflowing.length === 0 && (await scrollsSideways(page))) {
      console.info('[e2e] the page scrolls sideways at 375 px, outside the settings')
    }
    expect(await settingsViolations(page)).toEqual([])
  })
})
