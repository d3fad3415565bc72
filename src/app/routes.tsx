import type { QueryClient } from '@tanstack/react-query'
import { Navigate, type RouteObject } from 'react-router'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { AppShell } from './app-shell.tsx'
import { routeLoaders } from './route-loaders.ts'
import { NotFound } from './routes/not-found.tsx'
import { PluginsRoute } from './routes/plugins-route.tsx'
import { RouteError } from './routes/route-error.tsx'
import { DEFAULT_WORKSPACE } from './workspace.ts'

// Opened directly, a lazy page renders this while its chunk loads (React Router renders nothing and
// warns without one).
const loading = <Skeleton aria-label="Loading" className="m-6 h-32" />

/**
 * The landing page ships in the entry chunk; the others load on demand. The loaders start the
 * shell's and the plugin list's data while the code and the first render run (route-loaders.ts).
 */
export const appRoutes = (queryClient: QueryClient): RouteObject[] => {
  const loaders = routeLoaders(queryClient)
  return [
    { path: '/', element: <Navigate to={`/w/${DEFAULT_WORKSPACE}/plugins`} replace /> },
    {
      path: '/login',
      errorElement: <RouteError />,
      hydrateFallbackElement: loading,
      lazy: () => import('./routes/sign-in-route.tsx').then((m) => ({ Component: m.SignInRoute })),
    },
    {
      path: '/w/:workspaceId',
      element: <AppShell />,
      loader: loaders.workspace,
      shouldRevalidate: loaders.workspaceRevalidates,
      hydrateFallbackElement: loading,
      errorElement: <RouteError />,
      children: [
        {
          errorElement: <RouteError />,
          children: [
            { index: true, element: <Navigate to="plugins" replace /> },
            { path: 'plugins', element: <PluginsRoute />, loader: loaders.plugins },
            {
              path: 'plugins/:pluginId',
              hydrateFallbackElement: loading,
              lazy: () =>
                import('./routes/plugin-detail-route.tsx').then((m) => ({ Component: m.PluginDetailRoute })),
            },
            {
              path: 'marketplace',
              hydrateFallbackElement: loading,
              lazy: () =>
                import('./routes/marketplace-route.tsx').then((m) => ({ Component: m.MarketplaceRoute })),
            },
            {
              path: 'updates',
              hydrateFallbackElement: loading,
              lazy: () => import('./routes/updates-route.tsx').then((m) => ({ Component: m.UpdatesRoute })),
            },
            {
              path: 'members',
              hydrateFallbackElement: loading,
              lazy: () => import('./routes/members-route.tsx').then((m) => ({ Component: m.MembersRoute })),
            },
            {
              path: 'tokens',
              hydrateFallbackElement: loading,
              lazy: () => import('./routes/tokens-route.tsx').then((m) => ({ Component: m.TokensRoute })),
            },
            {
              path: 'settings',
              hydrateFallbackElement: loading,
              lazy: () => import('./routes/settings-route.tsx').then((m) => ({ Component: m.SettingsRoute })),
            },
            {
              path: 'audit',
              hydrateFallbackElement: loading,
              lazy: () => import('./routes/audit-route.tsx').then((m) => ({ Component: m.AuditRoute })),
            },
            {
              path: 'nodes',
              hydrateFallbackElement: loading,
              lazy: () => import('./routes/nodes-route.tsx').then((m) => ({ Component: m.NodesRoute })),
            },
            { path: '*', element: <NotFound /> },
          ],
        },
      ],
    },
    {
      path: '*',
      element: (
        <div className="mx-auto max-w-xl p-8">
          <NotFound />
        </div>
      ),
    },
  ]
}
