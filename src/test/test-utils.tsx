import { QueryClient } from '@tanstack/react-query'
import { render, screen, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
// RouterProvider from 'react-router' itself: under vitest, 'react-router/dom' resolves to a second
// copy of the router (CJS) whose context the app's hooks do not see.
import { createMemoryRouter, type RouteObject, RouterProvider } from 'react-router'
import { AppProviders } from '#src/app/providers.tsx'

/** A fresh cache per test: no retries, nothing shared between tests. */
export function createTestQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
}

interface RenderOptions {
  /** The URL to start at. */
  route?: string
  /** The path pattern `ui` is mounted at, so it can read params. */
  path?: string
  /** Whole route trees instead of one element (e.g. the app's routes, given the query client). */
  routes?: RouteObject[] | ((queryClient: QueryClient) => RouteObject[])
  queryClient?: QueryClient
}

/** Renders with the app's providers and a memory router. */
export function renderWithApp(ui: ReactNode, options: RenderOptions = {}) {
  const queryClient = options.queryClient ?? createTestQueryClient()
  const routes =
    typeof options.routes === 'function'
      ? options.routes(queryClient)
      : (options.routes ?? [{ path: options.path ?? '*', element: ui }])
  const router = createMemoryRouter(routes, { initialEntries: [options.route ?? '/'] })
  const result = render(
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  )
  return { ...result, queryClient, router }
}

/**
 * A button once it is enabled: code-split controls first render a disabled placeholder, and a
 * click on it would land nowhere.
 */
export async function findEnabledButton(name: string | RegExp): Promise<HTMLElement> {
  return waitFor(() => {
    const button = screen.getByRole('button', { name })
    if (button.hasAttribute('disabled') || button.getAttribute('aria-disabled') === 'true') {
      throw new Error(`${String(name)} is still disabled`)
    }
    return button
  })
}
