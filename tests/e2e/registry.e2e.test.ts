import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { publishSamples } from '../../scripts/publish-samples.ts'
import { type LocalRegistry, startVerdaccio } from '../../scripts/registry/verdaccio.ts'
import { type BrowserSession, openBrowser } from './support/browser.ts'
import { createOwner } from './support/first-run.ts'
import { realServer } from './support/real-server.ts'

// Registry answers are revalidated on every read, and the background update check runs every
// second, so a version published during the test reaches the open page by itself.
const server = realServer({ env: { PLUGBOARD_REGISTRY_MAX_AGE_MS: '0', PLUGBOARD_UPDATE_CHECK_MS: '1000' } })
let registry: LocalRegistry
let url: string
let owner: BrowserSession

beforeAll(async () => {
  if (!existsSync('dist/index.html'))
    throw new Error('dist/ is missing: run `npx vite build` (npm test does)')
  registry = await startVerdaccio()
  await publishSamples(registry.url, registry.token, { only: ['plugboard/hello@1.0.0'] })
  url = (await server.start()).url
  owner = await openBrowser()
})

afterAll(async () => {
  await owner?.close()
  await server.cleanup()
  await registry?.stop()
})

describe('a registry source in the console', () => {
  test('add a registry, install from it, see a newer version with its changelog, update, and it runs', async () => {
    const { page } = owner
    await createOwner(page, url)

    await page.getByRole('link', { name: 'Marketplace', exact: true }).click()
    await page.getByText(/^Sources/).click()
    const form = page.getByRole('form', { name: 'Add a registry' })
    await form.getByLabel('Name').fill('Team registry')
    await form.getByLabel('Registry URL').fill(registry.url)
    await form.getByRole('button', { name: 'Add registry' }).click()
    const card = page.getByRole('article', { name: 'Hello' }).filter({ hasText: 'from Team registry' })
    await card.getByRole('button', { name: 'Install Hello' }).click()

    await page.getByRole('link', { name: 'Plugins', exact: true }).click()
    const row = page.getByRole('row', { name: /Hello/ })
    await row.getByText('Ready').waitFor({ timeout: 60_000 })

    // Nobody reloads or opens the Updates page: the server's check finds it and pushes it.
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }))
    await publishSamples(registry.url, registry.token, { only: ['plugboard/hello@1.1.0'] })
    await row.getByText('update available: 1.1.0').waitFor({ timeout: 30_000 })
    expect(await page.evaluate(() => 'stillTheSamePage' in window)).toBe(true)
    await row.getByRole('link').first().click()
    await page.getByText('Update available: 1.0.0 → 1.1.0').waitFor()
    await page
      .getByText(/quieter logs/)
      .first()
      .waitFor()

    await page.getByRole('link', { name: 'Review and update' }).click()
    await page.getByRole('checkbox', { name: 'Select Hello' }).check()
    await page.getByRole('button', { name: 'Update selected (1)' }).click()
    const preview = page.getByRole('dialog', { name: 'Update 1 plugin' })
    await preview.getByText(/quieter logs/).waitFor()
    await preview.getByRole('button', { name: 'Update 1' }).click()

    await page.getByRole('link', { name: 'Plugins', exact: true }).click()
    const updated = page.getByRole('row', { name: /Hello/ })
    await updated.getByText('1.1.0', { exact: true }).waitFor({ timeout: 60_000 })
    await updated.getByText('Ready').waitFor({ timeout: 60_000 })
    await updated.getByRole('link').first().click()
    await page
      .getByRole('listitem')
      .filter({ hasText: /running/i })
      .first()
      .waitFor({ timeout: 30_000 })
  })
})
