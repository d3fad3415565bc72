import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, expect, test } from 'vitest'
import { appRoutes } from '#src/app/routes.tsx'
import { type MockApi, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'
import { scaled } from '#tests/support/time-factor.ts'

let api: MockApi | undefined

afterEach(() => {
  api?.server.close()
})

function recordPatches(mock: MockApi) {
  const bodies: unknown[] = []
  mock.server.events.on('request:start', async ({ request }) => {
    if (request.method === 'PATCH' && new URL(request.url).pathname.endsWith('/settings')) {
      bodies.push(await request.clone().json())
    }
  })
  return bodies
}

test('an owner lets everyone install: only the changed policy is sent, and a toast confirms', {
  timeout: scaled(20_000),
}, async () => {
  api = await startMockApi({ scenario: 'owner' })
  const bodies = recordPatches(api)
  renderWithApp(null, { routes: appRoutes, route: '/w/default/settings' })
  const user = userEvent.setup()
  const admins = await screen.findByRole('radio', { name: 'Admins' })
  expect(admins).toBeChecked()
  expect(screen.getByLabelText('Workspace name')).toHaveValue('Demo workspace')
  await user.click(screen.getByRole('radio', { name: 'Everyone' }))
  await user.click(screen.getByRole('button', { name: 'Save settings' }))
  await waitFor(() => expect(bodies).toEqual([{ installPolicy: 'everyone' }]))
  expect(await screen.findByText('Settings saved')).toBeInTheDocument()
  expect(screen.getByRole('radio', { name: 'Everyone' })).toBeChecked()
})

test('an admin is told that only owners change the settings, and sees no Settings link', async () => {
  api = await startMockApi({ scenario: 'demo' })
  renderWithApp(null, { routes: appRoutes, route: '/w/default/settings' })
  expect(await screen.findByText('Only owners can change the settings of this workspace')).toBeInTheDocument()
  expect(screen.queryByRole('radio')).not.toBeInTheDocument()
  expect(screen.queryByRole('link', { name: 'Settings' })).not.toBeInTheDocument()
  expect(screen.getByRole('link', { name: 'Audit' })).toBeInTheDocument()
})
