import { act, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { HttpResponse, http } from 'msw'
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
    expect(await screen.findByRole('heading', { name: 'Marketplace' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/w/default/marketplace')
  })
})

describe('sessions', () => {
  test('without a session the console asks to sign in, then returns where the visitor was going', async () => {
    api.server.use(
      http.get(
        '*/api/auth/me',
        () =>
          HttpResponse.json(
            { error: { code: 'UNAUTHENTICATED', message: 'sign in first' } },
            { status: 401 },
          ),
        {
          once: true,
        },
      ),
    )
    const { router } = renderWithApp(null, { routes: appRoutes, route: '/w/default/marketplace' })
    const user = userEvent.setup()
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/login')
    await user.type(screen.getByLabelText('Email'), 'admin@plugboard.dev')
    await user.type(screen.getByLabelText('Password'), 'wrong password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('wrong email or password')
    await user.clear(screen.getByLabelText('Password'))
    await user.type(screen.getByLabelText('Password'), 'plugboard-demo')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('heading', { name: 'Marketplace' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/w/default/marketplace')
    expect(await screen.findByText('(admin)')).toBeInTheDocument()
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
