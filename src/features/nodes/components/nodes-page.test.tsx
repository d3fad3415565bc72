import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { HttpResponse, http } from 'msw'
import { afterEach, describe, expect, test } from 'vitest'
import { appRoutes } from '#src/app/routes.tsx'
import { type MockApi, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'

let api: MockApi | undefined
afterEach(() => {
  api?.server.close()
  api = undefined
})

async function openNodes(scenario: 'cluster' | 'owner' = 'cluster') {
  api = await startMockApi({ scenario })
  renderWithApp(null, { routes: appRoutes, route: '/w/default/nodes' })
  await screen.findByRole('heading', { name: 'Nodes' })
}

const rowOf = (name: string) =>
  screen.getByRole('rowheader', { name: new RegExp(`^${name}`) }).closest('tr') as HTMLElement

describe('the Nodes page (an owner of the instance workspace)', () => {
  test('lists each node: state, last heartbeat, version, plugins and running items', async () => {
    await openNodes()
    await screen.findByRole('table', { name: 'Nodes of the cluster' })
    expect(screen.getByRole('link', { name: 'Nodes' })).toHaveAttribute('href', '/w/default/nodes')
    const a = rowOf('node-a')
    expect(within(a).getByText('active')).toBeInTheDocument()
    expect(within(a).getByText(/^\d+ s ago$/)).toBeInTheDocument()
    expect(within(a).getByText('1.0.0')).toBeInTheDocument()
    expect(within(a).getAllByRole('cell').at(-2)).toHaveTextContent('1')
    const onA = within(within(a).getByRole('list', { name: 'Plugins on node-a' })).getAllByRole('link')
    expect(onA.length).toBeGreaterThan(0)
    expect(onA[0]).toHaveAttribute('href', expect.stringMatching(/^\/w\/default\/plugins\//))
    expect(within(rowOf('node-c')).getByText(/^2\d s ago$/)).toBeInTheDocument()
    const d = rowOf('node-d')
    expect(within(d).getByText('stopped')).toBeInTheDocument()
    expect(within(d).getByText('none')).toBeInTheDocument()
    // Only an active node can be drained.
    expect(within(d).queryByRole('button', { name: /Drain/ })).toBeNull()
  })

  test('drain by keyboard: the dialog asks first, then the node is drained and its plugins moved', async () => {
    await openNodes()
    const user = userEvent.setup()
    await screen.findByRole('table', { name: 'Nodes of the cluster' })
    const moving = within(within(rowOf('node-a')).getByRole('list'))
      .getAllByRole('link')
      .map((link) => link.textContent)
    within(rowOf('node-a')).getByRole('button', { name: 'Drain node-a' }).focus()
    await user.keyboard('{Enter}')
    const dialog = await screen.findByRole('dialog', { name: 'Drain node-a?' })
    expect(dialog).toHaveTextContent(/moves? to the other live nodes/)
    // Escape cancels: nothing was drained.
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(within(rowOf('node-a')).getByText('active')).toBeInTheDocument()

    await user.click(within(rowOf('node-a')).getByRole('button', { name: 'Drain node-a' }))
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Drain node' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    await waitFor(() => expect(within(rowOf('node-a')).getByText('drained')).toBeInTheDocument())
    expect(within(rowOf('node-a')).getByText('none')).toBeInTheDocument()
    const elsewhere = ['node-b', 'node-c'].flatMap((name) =>
      within(rowOf(name))
        .queryAllByRole('link')
        .map((link) => link.textContent),
    )
    expect(elsewhere).toEqual(expect.arrayContaining(moving))
  })

  test('a refused drain shows the server’s reason in the dialog', async () => {
    await openNodes()
    const user = userEvent.setup()
    await screen.findByRole('table', { name: 'Nodes of the cluster' })
    await user.click(within(rowOf('node-a')).getByRole('button', { name: 'Drain node-a' }))
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Drain node' }))
    await waitFor(() => expect(within(rowOf('node-a')).getByText('drained')).toBeInTheDocument())
    // node-c still counts as active: drain it, then node-b is the last one and is refused.
    await user.click(within(rowOf('node-c')).getByRole('button', { name: 'Drain node-c' }))
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Drain node' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    await user.click(within(rowOf('node-b')).getByRole('button', { name: 'Drain node-b' }))
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Drain node' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('only active node')
  })

  test('a failed load offers a retry that loads the nodes', async () => {
    api = await startMockApi({ scenario: 'cluster' })
    api.server.use(
      http.get('*/api/nodes', () =>
        HttpResponse.json({ error: { code: 'INTERNAL', message: 'database unreachable' } }, { status: 500 }),
      ),
    )
    renderWithApp(null, { routes: appRoutes, route: '/w/default/nodes' })
    expect(await screen.findByText('Could not load the nodes')).toBeInTheDocument()
    api.server.resetHandlers()
    await userEvent.setup().click(screen.getByRole('button', { name: /Retry|Try again/ }))
    expect(await screen.findByRole('table', { name: 'Nodes of the cluster' })).toBeInTheDocument()
  })

  test('on a single server (no cluster) the page says the server runs alone', async () => {
    await openNodes('owner')
    expect(await screen.findByText('This server runs alone')).toBeInTheDocument()
  })
})
