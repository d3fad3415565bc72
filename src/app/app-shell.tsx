import { useQuery } from '@tanstack/react-query'
import { Plug } from 'lucide-react'
import { Navigate, Outlet, useLocation, useNavigate, useParams } from 'react-router'
import { INSTANCE_WORKSPACE_ID } from '#core/auth/roles.ts'
import { authQueries } from '#src/features/auth/api/auth-queries.ts'
import { UserMenu } from '#src/features/auth/components/user-menu.tsx'
import { TaskPanelButton } from '#src/features/tasks/components/task-panel-button.tsx'
import { workspaceQueries } from '#src/features/workspaces/api/workspace-queries.ts'
import { isApiRequestError } from '#src/lib/api-client.ts'
import { accessFor, WorkspaceAccessProvider } from '#src/lib/workspace-access.tsx'
import { LiveStream } from './live-stream.tsx'
import { MainNav } from './main-nav.tsx'
import { TaskWatcher } from './task-watcher.tsx'
import { ThemeToggle } from './theme-toggle.tsx'
import { WorkspaceBar } from './workspace-bar.tsx'

export function AppShell() {
  const workspaceId = useParams().workspaceId ?? 'default'
  const base = `/w/${encodeURIComponent(workspaceId)}`
  const location = useLocation()
  const navigate = useNavigate()
  // Asked in parallel with the page's own data; a missing session sends the visitor to sign in.
  const me = useQuery(authQueries.me())
  // The install policy decides who sees Install buttons; members may read it.
  const settings = useQuery(workspaceQueries.settings(workspaceId))
  if (isApiRequestError(me.error) && me.error.code === 'UNAUTHENTICATED') {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
  }
  const role = me.data?.workspaces.find((workspace) => workspace.id === workspaceId)?.role
  const operator =
    me.data?.workspaces.some(
      (workspace) => workspace.id === INSTANCE_WORKSPACE_ID && workspace.role === 'owner',
    ) ?? false
  const access = accessFor(role, settings.data?.installPolicy, operator)
  return (
    <WorkspaceAccessProvider workspaceId={workspaceId} access={access}>
      <div className="min-h-screen bg-zinc-50 text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100">
        <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
          {/* Narrow screens: the sections go into a menu and the bar may wrap, never scroll sideways. */}
          <div className="mx-auto flex min-h-12 max-w-7xl flex-wrap items-center gap-x-3 gap-y-1 px-2 py-1 sm:px-4 md:flex-nowrap md:gap-6 md:py-0">
            <span className="flex items-center gap-2 font-semibold">
              <Plug aria-hidden className="size-4" /> <span className="max-sm:sr-only">Plugboard</span>
            </span>
            {me.data ? <WorkspaceBar workspaces={me.data.workspaces} currentId={workspaceId} /> : null}
            <MainNav base={base} can={access.can} />
            <div className="ml-auto flex items-center gap-1">
              <TaskPanelButton workspaceId={workspaceId} />
              <ThemeToggle />
              <UserMenu workspaceId={workspaceId} onSignedOut={() => navigate('/login', { replace: true })} />
            </div>
          </div>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6">
          <Outlet />
        </main>
        <TaskWatcher key={workspaceId} workspaceId={workspaceId} />
        <LiveStream key={`stream-${workspaceId}`} workspaceId={workspaceId} />
      </div>
    </WorkspaceAccessProvider>
  )
}
