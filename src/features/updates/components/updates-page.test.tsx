import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { UpdateRequest } from '#core/api/update-schemas.ts'
import { type MockApi, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'
import { UpdatesPage } from './updates-page.tsx'

let api: MockApi

beforeEach(async () => {
  api = await startMockApi({ scenario: 'demo' })
})
afterEach(() => {
  api.server.close()
})

function recordUpdates() {
  const bodies: UpdateRequest[] = []
  api.server.events.on('request:start', async ({ request }) => {
    if (request.method === 'POST' && new URL(request.url).pathname.endsWith('/updates')) {
      bodies.push((await request.clone().json()) as UpdateRequest)
    }
  })
  return bodies
}

describe('the updates page', () => {
  test('lists what is newer with its jump and new capabilities; several are previewed once, then updated as one task', async () => {
    const bodies = recordUpdates()
    const user = userEvent.setup()
    renderWithApp(<UpdatesPage workspaceId="default" />)
    const hello = await screen.findByRole('listitem', { name: 'Hello World' })
    expect(hello).toHaveTextContent('1.0.0 → 2.0.0')
    expect(hello).toHaveTextContent('major')
    expect(hello).toHaveTextContent('needs approval: messages:write')

    await user.click(screen.getByRole('checkbox', { name: 'Select Hello World' }))
    await user.click(screen.getByRole('checkbox', { name: 'Select Weather' }))
    await user.click(screen.getByRole('button', { name: 'Update selected (2)' }))
    const preview = await screen.findByRole('dialog', { name: 'Update 2 plugins' })
    const items = within(within(preview).getByRole('list', { name: 'Updates to apply' })).getAllByRole(
      'listitem',
    )
    expect(items).toHaveLength(2)
    expect(items[0]).toHaveTextContent('Needs approval of messages:write')
    expect(items[0]).toHaveTextContent('Replies to messages')
    expect(preview).toHaveTextContent('1 of them will wait for your approval')
    expect(bodies).toEqual([])

    await user.click(within(preview).getByRole('button', { name: 'Update 2' }))
    await expect
      .poll(() => bodies.map((body) => body.items.map((item) => item.version)))
      .toEqual([['2.0.0', '1.1.0']])
  })

  test('says how long ago the sources were checked, and shows a failed check with its error', async () => {
    renderWithApp(<UpdatesPage workspaceId="default" />)
    expect(await screen.findByText(/sources checked \d+ s ago/)).toBeInTheDocument()
    expect(screen.queryByRole('alert')).toBeNull()

    api.server.close()
    api = await startMockApi({ scenario: 'empty' })
    const at = new Date(Date.now() - 7 * 60_000).toISOString()
    api.deps.updateChecks?.record('default', { at, error: 'Corp: the registry could not be reached' })
    renderWithApp(<UpdatesPage workspaceId="default" />)
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The last background check failed (7 min ago): Corp: the registry could not be reached',
    )
    // With a failed check, nothing claims to be up to date.
    expect(await screen.findByText('No update found')).toBeInTheDocument()
    expect(screen.queryByText('Every plugin is up to date')).toBeNull()
  })
})
