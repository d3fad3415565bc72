import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { scrollsSideways, seriousViolations } from './support/axe.ts'
import { type BrowserSession, openBrowser } from './support/browser.ts'
import { serveMockBuild } from './support/mock-app.ts'

// Every page and open overlay of the console, in the mock build, checked by axe in both themes and
// at a phone's width. Each visit loads its scenario afresh and waits until the page has its data.
let app: Awaited<ReturnType<typeof serveMockBuild>>
let browser: BrowserSession

beforeAll(async () => {
  app = await serveMockBuild()
  browser = await openBrowser()
  await browser.page.clock.install()
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

interface Visit {
  name: string
  open(page: Page): Promise<void>
}

const goto = async (page: Page, path: string, scenario = 'demo') => {
  await page.goto(`${app.url}${path}${path.includes('?') ? '&' : '?'}scenario=${scenario}`)
}

const pluginPage = async (page: Page, name: string) => {
  await goto(page, '/w/default/plugins')
  await page.getByRole('link', { name, exact: true }).click()
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${name}`) }).waitFor()
  await page.getByRole('heading', { name: 'Timeline' }).waitFor()
  await page.locator('[aria-busy="true"], .animate-pulse').first().waitFor({ state: 'detached' })
}

const VISITS: Visit[] = [
  {
    name: 'sign-in',
    async open(page) {
      await goto(page, '/login')
      await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    },
  },
  {
    name: 'plugins',
    async open(page) {
      await goto(page, '/w/default/plugins')
      await page.getByRole('row', { name: /Broken Loader/ }).waitFor()
    },
  },
  {
    name: 'plugins, none installed',
    async open(page) {
      await goto(page, '/w/default/plugins', 'empty')
      await page.getByText('No plugins installed yet').waitFor()
    },
  },
  { name: 'plugin page, ready', open: (page) => pluginPage(page, 'Hello World') },
  { name: 'plugin page, in error', open: (page) => pluginPage(page, 'Broken Loader') },
  {
    name: 'plugin page, a few health checks',
    async open(page) {
      await pluginPage(page, 'Hello World')
      // The API runs in the page: moving its clock on lets the worker's first checks (one every
      // 30 s) happen, and the page's own 30 s refresh fetches them.
      await page.clock.fastForward('01:05')
      await page.getByText(/^\d+ checks?, \d+ not healthy/).waitFor()
      await page.locator('.recharts-wrapper').waitFor()
    },
  },
  {
    name: 'marketplace',
    async open(page) {
      await goto(page, '/w/default/marketplace')
      await page.getByRole('article', { name: 'Hello World' }).waitFor()
    },
  },
  {
    name: 'updates',
    async open(page) {
      await goto(page, '/w/default/updates')
      await page.getByRole('list', { name: 'Available updates' }).getByRole('listitem').first().waitFor()
      await page.getByRole('form', { name: 'Update policy' }).waitFor()
    },
  },
  {
    name: 'update preview dialog',
    async open(page) {
      await goto(page, '/w/default/updates')
      await page
        .getByRole('checkbox', { name: /^Select / })
        .first()
        .check()
      await page.getByRole('button', { name: /^Update selected/ }).click()
      await page
        .getByRole('dialog', { name: /^Update 1 plugin/ })
        .getByRole('list', { name: 'Updates to apply' })
        .waitFor()
    },
  },
  {
    name: 'members',
    async open(page) {
      await goto(page, '/w/default/members')
      await page.getByRole('cell', { name: 'owner@plugboard.dev' }).waitFor()
    },
  },
  {
    name: 'API tokens, none yet',
    async open(page) {
      await goto(page, '/w/default/tokens', 'owner')
      await page.getByText('No API tokens yet').waitFor()
    },
  },
  {
    name: 'API tokens, a new secret shown once',
    async open(page) {
      await goto(page, '/w/default/tokens', 'owner')
      await page.getByRole('button', { name: 'Create token' }).click()
      const dialog = page.getByRole('dialog', { name: 'Create an API token' })
      await dialog.getByLabel('Name').fill('deploy script')
      await dialog.getByRole('button', { name: 'Create token' }).click()
      await page.getByRole('status', { name: 'New token secret' }).waitFor()
    },
  },
  {
    name: 'settings',
    async open(page) {
      await goto(page, '/w/default/settings', 'owner')
      await page.getByRole('heading', { name: 'Settings' }).waitFor()
      await page.getByRole('button', { name: /Save/ }).waitFor()
    },
  },
  {
    name: 'audit log',
    async open(page) {
      await goto(page, '/w/default/audit')
      await page
        .getByRole('table', { name: 'Audit log' })
        .or(page.getByText('The audit log is empty'))
        .waitFor()
    },
  },
  {
    name: 'plugins, cluster mode (Node column)',
    async open(page) {
      await goto(page, '/w/default/plugins', 'cluster')
      await page.getByRole('columnheader', { name: 'Node' }).waitFor()
      await page.getByRole('row', { name: /node-a/ }).waitFor()
    },
  },
  {
    name: 'nodes',
    async open(page) {
      await goto(page, '/w/default/nodes', 'cluster')
      await page.getByRole('table', { name: 'Nodes of the cluster' }).waitFor()
    },
  },
  {
    name: 'drain dialog',
    async open(page) {
      await goto(page, '/w/default/nodes', 'cluster')
      await page.getByRole('button', { name: 'Drain node-a' }).click()
      await page.getByRole('dialog', { name: 'Drain node-a?' }).waitFor()
    },
  },
  {
    name: 'page not found',
    async open(page) {
      await goto(page, '/w/default/nowhere')
      await page.getByText('Page not found').waitFor()
    },
  },
  {
    name: 'task panel',
    async open(page) {
      await goto(page, '/w/default/plugins', 'busy')
      await page.getByRole('button', { name: /^Tasks \d+ active/ }).click()
      await page.getByRole('dialog', { name: 'Tasks' }).getByText('Running').first().waitFor()
    },
  },
  {
    name: 'uninstall dialog',
    async open(page) {
      await goto(page, '/w/default/plugins')
      await page.getByRole('button', { name: 'Actions for Hello World' }).click()
      await page.getByRole('menuitem', { name: /Uninstall/ }).click()
      await page.getByRole('dialog', { name: /Uninstall/ }).waitFor()
    },
  },
  {
    name: 'upgrade dialog',
    async open(page) {
      await goto(page, '/w/default/plugins')
      await page.getByRole('button', { name: 'Actions for Hello World' }).click()
      await page.getByRole('menuitem', { name: /Upgrade/ }).click()
      await page
        .getByRole('dialog', { name: /Upgrade/ })
        .getByRole('combobox')
        .first()
        .waitFor()
    },
  },
]

async function checkTheme(page: Page, theme: 'light' | 'dark') {
  await page.emulateMedia({ colorScheme: theme })
  const found: string[] = []
  for (const visit of VISITS) {
    await visit.open(page)
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(
      theme === 'dark',
    )
    for (const violation of await seriousViolations(page)) {
      found.push(
        `${visit.name} (${theme}): ${violation.impact} ${violation.id}: ${violation.help} at ${violation.targets.join(', ')}`,
      )
    }
  }
  return found
}

describe('accessibility: axe finds no serious or critical violation', () => {
  test.each(['light', 'dark'] as const)('on every page in the %s theme', async (theme) => {
    const found = await checkTheme(browser.page, theme)
    expect(found).toEqual([])
  })
})

describe('narrow screens (360 px)', () => {
  test('no page scrolls sideways, and the sections are a menu', async () => {
    const { page } = browser
    await page.emulateMedia({ colorScheme: 'light' })
    await page.setViewportSize({ width: 360, height: 740 })
    try {
      const wide: string[] = []
      for (const visit of VISITS) {
        await visit.open(page)
        if (await scrollsSideways(page)) wide.push(visit.name)
      }
      expect(wide).toEqual([])

      await goto(page, '/w/default/plugins')
      await page.getByRole('row', { name: /Hello World/ }).waitFor()
      expect(await page.getByRole('link', { name: 'Marketplace', exact: true }).isVisible()).toBe(false)
      await page.getByRole('button', { name: 'Main menu' }).click()
      const menu = page.getByRole('menu', { name: 'Main menu' })
      await menu.getByRole('menuitem').first().waitFor()
      expect(await menu.getByRole('menuitem').allTextContents()).toEqual([
        'Plugins',
        'Marketplace',
        'Updates',
        'Members',
        'API tokens',
        'Audit',
      ])
      await menu.getByRole('menuitem', { name: 'Marketplace' }).click()
      await page.getByRole('heading', { name: 'Marketplace' }).waitFor()
      expect(new URL(page.url()).pathname).toBe('/w/default/marketplace')
      expect(await scrollsSideways(page)).toBe(false)
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 })
    }
  })
})
