import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { HttpResponse, http } from 'msw'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { InstallRequest } from '#core/api/install-schemas.ts'
import type { TaskList } from '#core/api/task-schemas.ts'
import { type MockApi, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'
import { MarketplacePage } from './marketplace-page.tsx'

let api: MockApi

beforeEach(async () => {
  api = await startMockApi({ scenario: 'empty' })
})
afterEach(() => {
  api.server.close()
})

function renderPage(installed: string[] = []) {
  return renderWithApp(<MarketplacePage workspaceId="default" installedRefs={new Set(installed)} />)
}

/** Records install bodies and lets them through to the mock API. */
function recordInstalls() {
  const bodies: InstallRequest[] = []
  api.server.events.on('request:start', async ({ request }) => {
    if (request.method === 'POST' && new URL(request.url).pathname.endsWith('/installs')) {
      bodies.push((await request.clone().json()) as InstallRequest)
    }
  })
  return bodies
}

describe('the marketplace', () => {
  test('a card shows the capabilities of the chosen version and installs that version', async () => {
    const bodies = recordInstalls()
    const user = userEvent.setup()
    const { queryClient } = renderPage()
    const card = await screen.findByRole('article', { name: 'Hello World' })
    const select = within(card).getByLabelText('Version')
    await user.selectOptions(select, '1.0.0')
    expect(card).toHaveTextContent('Capabilities of 1.0.0')
    await user.click(within(card).getByRole('button', { name: 'Install Hello World' }))
    await expect
      .poll(() => bodies)
      .toEqual([{ items: [{ source: 'marketplace', pluginId: 'acme/hello-world', version: '1.0.0' }] }])
    // The started task is in the task cache at once (which is what restarts the polling).
    await expect
      .poll(
        () =>
          queryClient.getQueryData<TaskList>(['workspaces', 'default', 'tasks', 'list', { page: 1 }])
            ?.activeCount,
      )
      .toBe(1)
  })

  test('a bundle lists its members and installs them together', async () => {
    const bodies = recordInstalls()
    const user = userEvent.setup()
    renderPage()
    const card = await screen.findByRole('article', { name: 'Starter Bundle' })
    expect(card).toHaveTextContent('acme/metrics@')
    expect(card).toHaveTextContent('acme/legacy-bridge@')
    await user.click(within(card).getByRole('button', { name: 'Install Starter Bundle' }))
    await expect
      .poll(() => bodies[0]?.items.map((item) => (item.source === 'marketplace' ? item.pluginId : '')))
      .toEqual(['acme/metrics', 'acme/legacy-bridge'])
  })

  test('an installed plugin says so instead of offering Install', async () => {
    renderPage(['acme/hello-world'])
    const card = await screen.findByRole('article', { name: 'Hello World' })
    expect(within(card).getByText('Installed')).toBeInTheDocument()
    expect(within(card).queryByRole('button', { name: /Install/ })).not.toBeInTheDocument()
  })

  test('a failing catalog shows the error with a retry', async () => {
    api.server.use(
      http.get('*/api/workspaces/default/marketplace', () =>
        HttpResponse.json({ error: { code: 'INTERNAL', message: 'Catalog offline' } }, { status: 500 }),
      ),
    )
    renderPage()
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Catalog offline')
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument()
  })

  test("a registry is added with a signature policy; its cards show each version's signature", async () => {
    const posted: unknown[] = []
    api.server.events.on('request:start', async ({ request }) => {
      if (['POST', 'PATCH'].includes(request.method) && new URL(request.url).pathname.includes('/sources'))
        posted.push({ method: request.method, body: await request.clone().json() })
    })
    const user = userEvent.setup()
    renderPage()
    await user.click(await screen.findByText(/^Sources/))
    const form = screen.getByRole('form', { name: 'Add a registry' })
    await user.type(within(form).getByLabelText('Name'), 'Demo')
    await user.type(within(form).getByLabelText('Registry URL'), 'https://registry.plugboard.example')
    await user.selectOptions(within(form).getByLabelText('Signatures'), 'Require a valid signature')
    await user.click(within(form).getByRole('button', { name: 'Add registry' }))
    await expect
      .poll(() => posted)
      .toEqual([
        {
          method: 'POST',
          body: { name: 'Demo', url: 'https://registry.plugboard.example', signaturePolicy: 'require' },
        },
      ])
    const fromDemo = async (name: string) =>
      (await screen.findAllByRole('article', { name })).find((card) =>
        card.textContent?.includes('from Demo'),
      )
    await expect
      .poll(async () => (await fromDemo('Hello World'))?.textContent)
      .toContain('signed by registry.plugboard.example (key SHA256:memory-regi…)')
    expect((await fromDemo('Hello World'))?.textContent).toContain('provenance (not verified)')
    expect((await fromDemo('Broken Loader'))?.textContent).toContain('signature invalid')
    expect((await fromDemo('Slow Sync'))?.textContent).toContain('unsigned')

    await user.selectOptions(screen.getByLabelText('Signature policy of Demo'), 'Signatures: shown')
    await expect.poll(() => posted).toHaveLength(2)
    expect(posted[1]).toEqual({ method: 'PATCH', body: { signaturePolicy: 'show' } })
  })
})
