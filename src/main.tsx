import { StrictMode, startTransition } from 'react'
import { createRoot } from 'react-dom/client'
import { createBrowserRouter } from 'react-router'
import { RouterProvider } from 'react-router/dom'
import { AppProviders } from './app/providers.tsx'
import { createQueryClient } from './app/query-client.ts'
import { appRoutes } from './app/routes.tsx'
import { applyTheme, currentTheme } from './app/theme.ts'
import './index.css'

// Before anything renders: the remembered theme, else the system's (no inline script, so a strict CSP holds).
applyTheme(currentTheme())

async function start() {
  // Resolved at build time (docs/decisions/0001-api-mode.md): in a server build the condition is a
  // constant false, so the import below is dropped and neither MSW nor Hono reaches the bundle.
  if (
    import.meta.env.VITE_API_MODE === 'mock' ||
    (import.meta.env.DEV && import.meta.env.VITE_API_MODE !== 'server')
  ) {
    const { startMockWorker } = await import('../mocks/browser.ts')
    await startMockWorker()
  }
  const queryClient = createQueryClient()
  // Creating the router runs the loaders of the page opened: its data is on the way before React renders.
  const router = createBrowserRouter(appRoutes(queryClient))
  const container = document.getElementById('root')
  if (!container) throw new Error('index.html has no #root')
  const root = createRoot(container)
  // The first render as a transition: React renders it in slices of a few ms, yielding between them,
  // instead of one long task that blocks input (total blocking time, docs/quality-bars.md).
  startTransition(() =>
    root.render(
      <StrictMode>
        <AppProviders queryClient={queryClient}>
          <RouterProvider router={router} />
        </AppProviders>
      </StrictMode>,
    ),
  )
}

void start()
