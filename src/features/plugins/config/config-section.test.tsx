import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, expect, test } from 'vitest'
import type { Plugin, PluginList } from '#core/api/plugin-schemas.ts'
import { apiRequest } from '#src/lib/api-client.ts'
import { type MockApi, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'
import { ConfigSection } from './config-section.tsx'

let api: MockApi
const puts: unknown[] = []

beforeEach(async () => {
  api = await startMockApi({ scenario: 'demo', stepMs: 0 })
  puts.length = 0
  api.server.events.on('request:start', async ({ request }) => {
    if (request.method === 'PUT') puts.push(await request.clone().json())
  })
})
afterEach(() => {
  api.server.close()
})

async function hello(): Promise<Plugin> {
  const list = await apiRequest<PluginList>('/api/workspaces/default/plugins?q=hello')
  const plugin = list.items.find((item) => item.pluginId === 'acme/hello-world')
  if (!plugin) throw new Error('the demo scenario has no Hello World')
  return plugin
}

test('an admin edits a generated form, sees the diff, and saving starts the configure task', async () => {
  const plugin = await hello()
  renderWithApp(<ConfigSection workspaceId="default" plugin={plugin} canEdit />)
  const user = userEvent.setup()
  // The form library loads on demand: the first render waits for its chunk.
  const greeting = await screen.findByLabelText('Greeting', {}, { timeout: 10_000 })
  expect(greeting).toHaveValue('Hello')
  expect(screen.getByText('What the greet tool says before the name.')).toBeInTheDocument()
  await user.clear(greeting)
  await user.type(greeting, 'Howdy')
  await user.type(screen.getByLabelText('API token'), 'secret-token-1')
  await user.click(screen.getByRole('button', { name: 'Review and save…' }))
  const dialog = await screen.findByRole('dialog', { name: /Save the settings of Greeter/ })
  const changes = within(dialog).getByRole('list', { name: 'Changes' })
  expect(changes).toHaveTextContent('Greeting: "Hello" → "Howdy"')
  expect(changes).toHaveTextContent('API token: replaced (secret)')
  expect(changes).not.toHaveTextContent('secret-token-1')
  await user.click(within(dialog).getByRole('button', { name: 'Save' }))
  await waitFor(() =>
    expect(puts).toEqual([
      { modules: { greeter: { greeting: 'Howdy', locale: 'en', apiToken: 'secret-token-1' } } },
    ]),
  )
  // Once the task has applied it, the stored secret is shown only as set.
  await waitFor(async () => expect((await api.deps.configs.current('default', plugin.id))?.version).toBe(2))
}, 30_000)

test('a value the schema refuses is shown at the field before anything is sent', async () => {
  renderWithApp(<ConfigSection workspaceId="default" plugin={await hello()} canEdit />)
  const user = userEvent.setup()
  const locale = await screen.findByLabelText('Locale', {}, { timeout: 10_000 })
  await user.clear(locale)
  await user.type(locale, 'English')
  await user.tab()
  expect(await screen.findByText(/must match pattern/)).toBeInTheDocument()
  await user.click(screen.getByRole('button', { name: 'Review and save…' }))
  expect(screen.queryByRole('dialog')).toBeNull()
  expect(puts).toEqual([])
})

test('a set secret says "set" with Replace and Clear, and clearing sends null', async () => {
  const plugin = await hello()
  await apiRequest(`/api/workspaces/default/plugins/${plugin.id}/config`, {
    method: 'PUT',
    body: { modules: { greeter: { greeting: 'Hi', apiToken: 'stored-secret-99' } } },
  })
  await waitFor(async () => expect((await api.deps.configs.current('default', plugin.id))?.version).toBe(2))
  puts.length = 0
  const { container } = renderWithApp(<ConfigSection workspaceId="default" plugin={plugin} canEdit />)
  const user = userEvent.setup()
  expect(await screen.findByText('set', {}, { timeout: 10_000 })).toBeInTheDocument()
  expect(container.innerHTML).not.toContain('stored-secret-99')
  await user.click(screen.getByRole('button', { name: 'Clear API token' }))
  expect(screen.getByText('will be cleared')).toBeInTheDocument()
  await user.click(screen.getByRole('button', { name: 'Review and save…' }))
  const dialog = await screen.findByRole('dialog')
  expect(within(dialog).getByRole('list', { name: 'Changes' })).toHaveTextContent('API token: cleared')
  await user.click(within(dialog).getByRole('button', { name: 'Save' }))
  // The form fills the schema's defaults (the locale) where nothing was stored.
  await waitFor(() =>
    expect(puts).toEqual([{ modules: { greeter: { greeting: 'Hi', locale: 'en', apiToken: null } } }]),
  )
})

test('a member sees the values read-only, with no way to save', async () => {
  renderWithApp(<ConfigSection workspaceId="default" plugin={await hello()} canEdit={false} />)
  expect(await screen.findByLabelText('Greeting', {}, { timeout: 10_000 })).toHaveAttribute('readonly')
  expect(screen.queryByRole('button', { name: 'Review and save…' })).toBeNull()
  expect(screen.getByText('Members see the settings; admins change them.')).toBeInTheDocument()
  expect(await screen.findByRole('list', { name: 'Versions' })).toHaveTextContent('defaults at install')
  expect(screen.queryByRole('button', { name: /Restore/ })).toBeNull()
})

test('settings a waiting upgrade refuses are listed above the form', async () => {
  const plugin = await hello()
  const waiting = {
    ...plugin,
    pendingUpgrade: {
      version: '1.1.0',
      addedCapabilities: [],
      removedCapabilities: [],
      configProblems: ['greeter.greeting: must NOT have more than 5 characters'],
    },
  }
  renderWithApp(<ConfigSection workspaceId="default" plugin={waiting} canEdit />)
  const status = await screen.findByRole('status')
  expect(status).toHaveTextContent('Version 1.1.0 waits for settings it accepts')
  expect(status).toHaveTextContent('greeter.greeting: must NOT have more than 5 characters')
})

test('the history says who changed which fields, and Restore starts a configure task for that version', async () => {
  const plugin = await hello()
  await apiRequest(`/api/workspaces/default/plugins/${plugin.id}/config`, {
    method: 'PUT',
    body: { modules: { greeter: { greeting: 'Yo', locale: 'en', apiToken: 'stored-secret-42' } } },
  })
  await waitFor(async () => expect((await api.deps.configs.current('default', plugin.id))?.version).toBe(2))
  const restores: unknown[] = []
  api.server.events.on('request:start', async ({ request }) => {
    if (request.url.endsWith('/config/restore')) restores.push(await request.clone().json())
  })
  renderWithApp(<ConfigSection workspaceId="default" plugin={plugin} canEdit />)
  const user = userEvent.setup()
  const versions = await screen.findByRole('list', { name: 'Versions' })
  const newest = within(versions).getAllByRole('listitem')[0] as HTMLElement
  expect(newest).toHaveTextContent('Version 2')
  expect(newest).toHaveTextContent('greeter.greeting, greeter.apiToken (secret changed)')
  expect(versions).not.toHaveTextContent('stored-secret-42')
  await user.click(within(versions).getByRole('button', { name: 'Restore version 1' }))
  await waitFor(() => expect(restores).toEqual([{ version: 1 }]))
  await waitFor(async () => expect((await api.deps.configs.current('default', plugin.id))?.version).toBe(3))
})
