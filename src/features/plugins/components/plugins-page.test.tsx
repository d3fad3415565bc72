import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { HttpResponse, http } from 'msw'
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { actionsFor } from '#core/plugins/plugin-actions.ts'
import { makeItem, makePlugin, makeTask } from '#src/test/fixtures.ts'
import { type MockApi, startMockApi } from '#src/test/mock-api.ts'
import { findEnabledButton, renderWithApp } from '#src/test/test-utils.tsx'
import { ACTION_LABELS } from '../api/plugin-mutations.ts'
import { PluginsPage } from './plugins-page.tsx'

const PLUGINS = '*/api/workspaces/default/plugins'
let api: MockApi

// The menu is code-split; load its chunk once so a click never lands on the placeholder.
beforeAll(async () => {
  await import('./plugin-actions-menu.tsx')
})

beforeEach(async () => {
  api = await startMockApi({ scenario: 'empty' })
})
afterEach(() => {
  api.server.close()
})

function servePlugins(plugins: Plugin[]) {
  api.server.use(
    http.get(PLUGINS, () =>
      HttpResponse.json({ items: plugins, total: plugins.length, page: 1, pageSize: 50 }),
    ),
  )
}

function renderPage() {
  return renderWithApp(<PluginsPage workspaceId="default" />, { route: '/w/default/plugins' })
}

describe('plugins page states', () => {
  test('an empty workspace says so and links to the Marketplace', async () => {
    renderPage()
    expect(await screen.findByText('No plugins installed yet')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: /marketplace/i })).toHaveAttribute(
      'href',
      '/w/default/marketplace',
    )
  })

  test('a server error shows the message and a retry that recovers', async () => {
    api.server.use(
      http.get(
        PLUGINS,
        () =>
          HttpResponse.json(
            { error: { code: 'INTERNAL', message: 'Database unavailable' } },
            { status: 500 },
          ),
        {
          once: true,
        },
      ),
    )
    renderPage()
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Could not load the plugins')
    expect(alert).toHaveTextContent('Database unavailable')
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }))
    expect(await screen.findByText('No plugins installed yet')).toBeInTheDocument()
  })

  test('search (debounced), status, category and sort are asked of the server', async () => {
    servePlugins([makePlugin({ categories: ['examples'] })])
    const asked: string[] = []
    api.server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url)
      if (url.pathname.endsWith('/plugins')) asked.push(url.search)
    })
    renderPage()
    const user = userEvent.setup()
    await screen.findByText('Hello World')
    await user.selectOptions(screen.getByLabelText('Status'), 'error')
    await user.selectOptions(screen.getByLabelText('Category'), 'examples')
    await user.selectOptions(screen.getByLabelText('Sort'), '-updatedAt')
    await user.type(screen.getByLabelText('Search plugins'), 'hello')
    await expect.poll(() => asked.at(-1)).toContain('q=hello')
    const last = new URLSearchParams(asked.at(-1))
    expect(Object.fromEntries(last)).toMatchObject({
      status: 'error',
      category: 'examples',
      sort: '-updatedAt',
      q: 'hello',
    })
    // Debounced: not one request per letter.
    expect(asked.filter((search) => search.includes('q=')).length).toBeLessThan('hello'.length)
  })

  test('plugin-provided text is rendered as text', async () => {
    servePlugins([makePlugin({ name: '<img src=x onerror=alert(1)>' })])
    renderPage()
    expect(await screen.findByText('<img src=x onerror=alert(1)>')).toBeInTheDocument()
    expect(document.querySelector('img')).toBeNull()
  })
})

test('a long page renders only the rows in view (virtualized)', async () => {
  // jsdom has no layout: give the scroll container a height of ten rows.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(480)
  const plugins = Array.from({ length: 300 }, (_, index) =>
    makePlugin({ id: `p${index}`, name: `Plugin ${String(index).padStart(3, '0')}` }),
  )
  servePlugins(plugins)
  renderPage()
  expect(await screen.findByText('Plugin 000')).toBeInTheDocument()
  const rendered = screen.getAllByRole('link', { name: /^Plugin \d{3}$/ })
  expect(rendered.length).toBeGreaterThanOrEqual(10)
  expect(rendered.length).toBeLessThan(40)
  expect(screen.queryByText('Plugin 299')).not.toBeInTheDocument()
})

describe('the actions menu offers only what the lifecycle allows', () => {
  test.each(['ready', 'disabled', 'error', 'upgrade_pending', 'installed', 'uninstalled'] as const)(
    '%s',
    async (status) => {
      servePlugins([makePlugin({ status })])
      renderPage()
      const user = userEvent.setup()
      await user.click(await findEnabledButton('Actions for Hello World'))
      const items = await screen.findAllByRole('menuitem')
      expect(items.map((item) => item.textContent)).toEqual(
        actionsFor(status).map((action) => ACTION_LABELS[action]),
      )
    },
  )

  test('a plugin with an active task shows it and disables its actions', async () => {
    servePlugins([makePlugin({ status: 'ready', activeTaskId: 'task-1' })])
    renderPage()
    const user = userEvent.setup()
    expect(await screen.findByText('Task running')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Actions for Hello World' }))
    for (const item of await screen.findAllByRole('menuitem'))
      expect(item).toHaveAttribute('aria-disabled', 'true')
  })
})

describe('the uninstall dialog', () => {
  test.each([
    ['Keep data', 'Uninstall', 'false'],
    ['Purge everything', 'Uninstall and purge', 'true'],
  ])('"%s" then "%s" sends purge=%s', async (choice, confirm, purge) => {
    servePlugins([makePlugin({ status: 'ready' })])
    const sent: string[] = []
    api.server.use(
      http.delete(`${PLUGINS}/:id`, ({ request, params }) => {
        sent.push(new URL(request.url).searchParams.get('purge') ?? '')
        const task = makeTask('t-uninstall', [makeItem('a', 'pending', { pluginId: String(params.id) })], {
          kind: 'uninstall',
        })
        return HttpResponse.json({ task }, { status: 202 })
      }),
    )
    renderPage()
    const user = userEvent.setup()
    await user.click(await findEnabledButton('Actions for Hello World'))
    await user.click(await screen.findByRole('menuitem', { name: 'Uninstall…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Uninstall Hello World' })
    expect(dialog).toHaveTextContent('configuration and data are kept')
    expect(dialog).toHaveTextContent('deletes its files, configuration, data')
    await user.click(within(dialog).getByRole('radio', { name: new RegExp(choice) }))
    await user.click(within(dialog).getByRole('button', { name: confirm }))
    await expect.poll(() => sent).toEqual([purge])
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })

  test('a soft-uninstalled plugin offers only its purge, confirmed in the dialog', async () => {
    servePlugins([makePlugin({ status: 'uninstalled' })])
    const sent: string[] = []
    api.server.use(
      http.delete(`${PLUGINS}/:id`, ({ request, params }) => {
        sent.push(new URL(request.url).searchParams.get('purge') ?? '')
        const task = makeTask('t-purge', [makeItem('a', 'pending', { pluginId: String(params.id) })], {
          kind: 'uninstall',
        })
        return HttpResponse.json({ task }, { status: 202 })
      }),
    )
    renderPage()
    const user = userEvent.setup()
    await user.click(await findEnabledButton('Actions for Hello World'))
    await user.click(await screen.findByRole('menuitem', { name: 'Purge data…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Purge Hello World' })
    expect(dialog).not.toHaveTextContent('configuration and data are kept')
    expect(dialog).toHaveTextContent('deletes its files, configuration, data')
    await user.click(within(dialog).getByRole('button', { name: 'Purge' }))
    await expect.poll(() => sent).toEqual(['true'])
  })

  test('a plugin that already has a running task gets a toast, not a second task', async () => {
    servePlugins([makePlugin({ status: 'ready' })])
    api.server.use(
      http.post(`${PLUGINS}/:id/restart`, () =>
        HttpResponse.json(
          { error: { code: 'TASK_ALREADY_ACTIVE', message: 'busy', details: { taskId: 't9' } } },
          { status: 409 },
        ),
      ),
    )
    renderPage()
    const user = userEvent.setup()
    await user.click(await findEnabledButton('Actions for Hello World'))
    await user.click(await screen.findByRole('menuitem', { name: 'Restart' }))
    expect(await screen.findByText('Hello World already has a running task')).toBeInTheDocument()
  })
})

describe('the upgrade dialog', () => {
  test('approving a pending upgrade shows the capabilities it adds before anything is sent', async () => {
    servePlugins([
      makePlugin({
        status: 'upgrade_pending',
        pendingUpgrade: { version: '2.0.0', addedCapabilities: ['messages:write'], removedCapabilities: [] },
      }),
    ])
    const sent: string[] = []
    api.server.use(
      http.post(`${PLUGINS}/:id/upgrade/approve`, ({ params }) => {
        sent.push(String(params.id))
        const task = makeTask('t-approve', [makeItem('a', 'pending')], { kind: 'approve' })
        return HttpResponse.json({ task }, { status: 202 })
      }),
    )
    renderPage()
    const user = userEvent.setup()
    await user.click(await findEnabledButton('Actions for Hello World'))
    await user.click(await screen.findByRole('menuitem', { name: 'Approve upgrade…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Approve the upgrade of Hello World' })
    expect(dialog).toHaveTextContent('messages:write')
    expect(sent).toEqual([])
    await user.click(within(dialog).getByRole('button', { name: 'Approve and start' }))
    await expect.poll(() => sent).toEqual(['hello'])
  })

  test('offers the newer catalog versions, warns about new capabilities and posts the chosen one', async () => {
    servePlugins([
      makePlugin({
        status: 'ready',
        version: '1.0.0',
        capabilities: ['messages:read'],
        approvedCapabilities: ['messages:read'],
      }),
    ])
    const sent: unknown[] = []
    api.server.use(
      http.post(`${PLUGINS}/:id/upgrade`, async ({ request }) => {
        sent.push(await request.json())
        const task = makeTask('t-upgrade', [makeItem('a', 'pending')], { kind: 'upgrade' })
        return HttpResponse.json({ task }, { status: 202 })
      }),
    )
    renderPage()
    const user = userEvent.setup()
    await user.click(await findEnabledButton('Actions for Hello World'))
    await user.click(await screen.findByRole('menuitem', { name: 'Upgrade…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Upgrade Hello World' })
    const select = await within(dialog).findByLabelText('Version')
    const offered = within(select)
      .getAllByRole('option')
      .map((option) => option.textContent)
    expect(offered).not.toContain('1.0.0')
    expect(offered).toContain('2.0.0')
    await user.selectOptions(select, '2.0.0')
    expect(dialog).toHaveTextContent('asks for new capabilities')
    await user.click(within(dialog).getByRole('button', { name: 'Upgrade' }))
    await expect.poll(() => sent).toEqual([{ version: '2.0.0' }])
    expect(await screen.findByText('Task running')).toBeInTheDocument()
  })
})

describe('plugins page pager', () => {
  test('a search counted only up to a cap says so, and its next page can still be asked for', async () => {
    const plugins = Array.from({ length: 50 }, (_, i) => makePlugin({ id: `p${i}`, name: `Alpha ${i}` }))
    api.server.use(
      http.get(PLUGINS, () =>
        HttpResponse.json({ items: plugins, total: 1000, totalCapped: true, page: 1, pageSize: 50 }),
      ),
    )
    renderPage()
    const pager = await screen.findByRole('navigation', { name: 'Pagination' })
    expect(pager).toHaveTextContent('1–50 of 1,000+')
    expect(pager).toHaveTextContent('Page 1 of 20+')
    expect(within(pager).getByRole('button', { name: 'Next' })).toBeEnabled()
  })

  test('an exact total ends the pages: Next is off on the last one', async () => {
    servePlugins([makePlugin({ id: 'p1', name: 'Alpha' })])
    renderPage()
    const pager = await screen.findByRole('navigation', { name: 'Pagination' })
    expect(pager).toHaveTextContent('1–1 of 1')
    expect(pager).not.toHaveTextContent('+')
    expect(within(pager).getByRole('button', { name: 'Next' })).toBeDisabled()
  })
})
