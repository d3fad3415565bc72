import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { scaled } from '#tests/support/time-factor.ts'
import { chromiumPath } from '../../../scripts/chromium-path.mjs'

// Flags for headless Chromium on a machine with no network but loopback.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface BrowserSession {
  context: BrowserContext
  page: Page
  close(): Promise<void>
}

/** A fresh Chromium profile with one page; `close` removes the profile. */
export async function openBrowser(): Promise<BrowserSession> {
  const executablePath = chromiumPath()
  if (!executablePath) throw new Error('Chromium is required for end-to-end tests (apt-get install chromium)')
  const profile = mkdtempSync(join(tmpdir(), 'plugboard-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  })
  // Playwright's own 30 s default for every wait and action, stretched by the test time factor.
  context.setDefaultTimeout(scaled(30_000))
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
