import { act, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { type MockApi, startMockApi } from '#src/test/mock-api.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'
import { appRoutes } from './routes.tsx'

let api: MockApi

beforeEach(async () => {
  api = await startMockApi({ scenario: 'empty' })
})
afterEach(() => {
  api.server.close()
  document.documentElement.classList.remove('dark')
})

describe('routes', () => {
  test('/ opens the plugins of the default workspace', async () => {
    const { router } = renderWithApp(null, { routes: appRoutes, route: '/' })
    expect(await screen.findByRole('heading', { name: 'Plugins' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/w/default/plugins')
    expect(screen.getByRole('link', { name: 'Plugins' })).toHaveAttribute('aria-current', 'page')
  })

  test('an unknown page inside a workspace says so within the shell', async () => {
    renderWithApp(null, { routes: appRoutes, route: '/w/default/nowhere' })
    expect(await screen.findByText('Page not found')).toBeInTheDocument()
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument()
  })

  test('the marketplace page loads on demand', async () => {
    const { router } = renderWithApp(null, { routes: appRoutes, route: '/w/default/plugins' })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('link', { name: 'Marketplace' }))
    expect(
      await screen.findByRole('heading', { name: 'Marketplace' }, { timeout: 5_000 }),
    ).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/w/default/marketplace')
  })
})

describe('theme', () => {
  test('follows the system by default, toggles, and remembers the choice', async () => {
    renderWithApp(null, { routes: appRoutes, route: '/w/default/plugins' })
    const user = userEvent.setup()
    const toDark = await screen.findByRole('button', { name: 'Switch to dark theme' })
    expect(document.documentElement).not.toHaveClass('dark')
    await user.click(toDark)
    expect(document.documentElement).toHaveClass('dark')
    expect(localStorage.getItem('plugboard-theme')).toBe('dark')
    await act(async () => {})
    expect(screen.getByRole('button', { name: 'Switch to light theme' })).toBeInTheDocument()
  })
})
