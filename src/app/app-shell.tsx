import { useQuery } from '@tanstack/react-query'
import { Plug } from 'lucide-react'
import { Navigate, NavLink, Outlet, useLocation, useNavigate, useParams } from 'react-router'
import { authQueries } from '#src/features/auth/api/auth-queries.ts'
import { UserMenu } from '#src/features/auth/components/user-menu.tsx'
import { TaskPanelButton } from '#src/features/tasks/components/task-panel-button.tsx'
import { isApiRequestError } from '#src/lib/api-client.ts'
import { cn } from '#src/lib/cn.ts'
import { WorkspaceAccessProvider } from '#src/lib/workspace-access.tsx'
import { TaskWatcher } from './task-watcher.tsx'
import { ThemeToggle } from './theme-toggle.tsx'

const NAV = [
  { to: 'plugins', label: 'Plugins' },
  { to: 'marketplace', label: 'Marketplace' },
]

export function AppShell() {
  const workspaceId = useParams().workspaceId ?? 'default'
  const base = `/w/${encodeURIComponent(workspaceId)}`
  const location = useLocation()
  const navigate = useNavigate()
  // Asked in parallel with the page's own data; a missing session sends the visitor to sign in.
  const me = useQuery(authQueries.me())
  if (isApiRequestError(me.error) && me.error.code === 'UNAUTHENTICATED') {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
  }
  const role = me.data?.workspaces.find((workspace) => workspace.id === workspaceId)?.role
  const access = { canOperate: role !== 'member' }
  return (
    <WorkspaceAccessProvider access={access}>
      <div className="min-h-screen bg-zinc-50 text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100">
        <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
          <div className="mx-auto flex h-12 max-w-7xl items-center gap-6 px-4">
            <span className="flex items-center gap-2 font-semibold">
              <Plug aria-hidden className="size-4" /> Plugboard
            </span>
            <nav aria-label="Main" className="flex gap-1 text-sm">
              {NAV.map((item) => (
                <NavLink
                  key={item.to}
                  to={`${base}/${item.to}`}
                  className={({ isActive }) =>
                    cn(
                      'rounded-md px-2.5 py-1.5 font-medium text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800',
                      isActive && 'bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100',
                    )
                  }
                >
                  {item.label}
                </NavLink>
              ))}
            </nav>
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
      </div>
    </WorkspaceAccessProvider>
  )
}
