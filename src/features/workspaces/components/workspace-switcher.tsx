import { useId } from 'react'
import type { WorkspaceMembership } from '#core/api/auth-schemas.ts'
import { Select } from '#src/components/ui/input.tsx'

/**
 * The current workspace, and a switcher when there is more than one. Choosing one hands its id to
 * `onSwitch` (the shell navigates).
 */
export function WorkspaceSwitcher({
  workspaces,
  currentId,
  onSwitch,
}: {
  workspaces: readonly WorkspaceMembership[]
  currentId: string
  onSwitch: (workspaceId: string) => void
}) {
  const id = useId()
  const current = workspaces.find((workspace) => workspace.id === currentId)
  if (workspaces.length <= 1) {
    return (
      <span
        className="max-w-28 truncate text-sm sm:max-w-40 text-zinc-600 dark:text-zinc-400"
        title="Workspace"
      >
        {current?.name ?? currentId}
      </span>
    )
  }
  return (
    <div className="flex items-center">
      <label htmlFor={id} className="sr-only">
        Workspace
      </label>
      <Select
        id={id}
        className="h-7 max-w-32 text-sm sm:max-w-48"
        value={current ? currentId : ''}
        onChange={(event) => onSwitch(event.target.value)}
      >
        {current ? null : <option value="">{currentId}</option>}
        {workspaces.map((workspace) => (
          <option key={workspace.id} value={workspace.id}>
            {workspace.name}
          </option>
        ))}
      </Select>
    </div>
  )
}
