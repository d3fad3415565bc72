import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HOSTILE_DESCRIPTION, HOSTILE_ERROR, HOSTILE_NAME } from '../../mocks/hostile-plugin.ts'
import { type BrowserSession, openBrowser } from './support/browser.ts'
import { serveMockBuild } from './support/mock-app.ts'

// The `hostile` scenario installs a plugin whose name, description, author, modules and load error
// are markup and script. Each payload would count up `window.__xss` if it ever ran.
let app: Awaited<ReturnType<typeof serveMockBuild>>
let browser: BrowserSession
const dialogs: string[] = []

beforeAll(async () => {
  app = await serveMockBuild()
  browser = await openBrowser()
  browser.page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

const xssCount = () => browser.page.evaluate(() => (window as { __xss?: number }).__xss ?? 0)
const firstLine = (text: string) => text.split('\n')[0] ?? text

describe('plugin-provided text is shown as text', () => {
  test('in the plugin list, the task panel, the plugin page and the marketplace, nothing runs', async () => {
    const { page } = browser
    await page.goto(`${app.url}/?scenario=hostile`)

    // The list: the name as literal text.
    const row = page.getByRole('row', { name: /Markup Probe/ })
    await row.getByText(HOSTILE_NAME, { exact: true }).waitFor()

    // The task panel: the failed install with its error's first line as literal text.
    await page.getByRole('button', { name: /^Tasks/ }).click()
    const panel = page.getByRole('dialog', { name: /tasks/i })
    await panel.getByText(firstLine(HOSTILE_ERROR), { exact: false }).first().waitFor()
    await page.keyboard.press('Escape')

    // The plugin page: name, description and last error.
    await row.getByRole('link').first().click()
    await page.getByRole('heading', { name: HOSTILE_NAME }).waitFor()
    await page.getByText(HOSTILE_DESCRIPTION, { exact: true }).first().waitFor()
    await page.getByText(firstLine(HOSTILE_ERROR), { exact: false }).first().waitFor()

    // The marketplace card.
    await page.getByRole('link', { name: 'Marketplace', exact: true }).click()
    await page.getByText(HOSTILE_DESCRIPTION, { exact: true }).first().waitFor()

    // None of it became an element, and nothing ran.
    expect(
      await page.locator('img[src="x"], img[src="y"], svg[onload], iframe, script:not([src])').count(),
    ).toBe(0)
    expect(await xssCount()).toBe(0)
    expect(dialogs).toEqual([])
  })
})
