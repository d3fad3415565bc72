import { useQueryClient } from '@tanstack/react-query'
import { Plus } from 'lucide-react'
import { lazy, Suspense, useState } from 'react'
import { useLocation, useNavigate } from 'react-router'
import type { WorkspaceMembership } from '#core/api/auth-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { authQueries } from '#src/features/auth/api/auth-queries.ts'
import { WorkspaceSwitcher } from '#src/features/workspaces/components/workspace-switcher.tsx'

// Radix dialog stays out of the entry chunk: it loads when first opened.
const CreateWorkspaceDialog = lazy(() =>
  import('#src/features/workspaces/components/create-workspace-dialog.tsx').then((m) => ({
    default: m.CreateWorkspaceDialog,
  })),
)

const SECTIONS = new Set(['plugins', 'marketplace', 'members', 'settings', 'audit'])

/** The same section in another workspace (a plugin page has no equivalent there: its list instead). */
export function sectionPath(pathname: string, workspaceId: string): string {
  const section = pathname.split('/')[3] ?? ''
  return `/w/${encodeURIComponent(workspaceId)}/${SECTIONS.has(section) ? section : 'plugins'}`
}

export function WorkspaceBar({
  workspaces,
  currentId,
}: {
  workspaces: readonly WorkspaceMembership[]
  currentId: string
}) {
  const [creating, setCreating] = useState(false)
  const navigate = useNavigate()
  const { pathname } = useLocation()
  const queryClient = useQueryClient()
  return (
    <div className="flex items-center gap-1">
      <WorkspaceSwitcher
        workspaces={workspaces}
        currentId={currentId}
        onSwitch={(id) => navigate(sectionPath(pathname, id))}
      />
      <Button
        variant="ghost"
        size="icon-sm"
        aria-label="Create workspace"
        title="Create workspace"
        onClick={() => setCreating(true)}
      >
        <Plus />
      </Button>
      {creating ? (
        <Suspense fallback={null}>
          <CreateWorkspaceDialog
            open={creating}
            onOpenChange={setCreating}
            onCreated={async (workspace) => {
              setCreating(false)
              await queryClient.invalidateQueries({ queryKey: authQueries.me().queryKey })
              navigate(`/w/${encodeURIComponent(workspace.id)}/plugins`)
            }}
          />
        </Suspense>
      ) : null}
    </div>
  )
}
