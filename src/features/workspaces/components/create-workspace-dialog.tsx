import { useId, useState } from 'react'
import type { WorkspaceMembership } from '#core/api/auth-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { Dialog, DialogContent, DialogFooter } from '#src/components/ui/dialog.tsx'
import { Input } from '#src/components/ui/input.tsx'
import { useCreateWorkspace } from '../api/workspace-queries.ts'

/** A name, then `POST /api/workspaces`; the creator owns the new workspace. */
export function CreateWorkspaceDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  onCreated: (workspace: WorkspaceMembership) => void
}) {
  const [name, setName] = useState('')
  const create = useCreateWorkspace()
  const nameId = useId()
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title="Create workspace" description="You will be its owner.">
        <form
          className="flex flex-col gap-2"
          onSubmit={(event) => {
            event.preventDefault()
            create.mutate(
              { name: name.trim() },
              {
                onSuccess: (workspace) => {
                  setName('')
                  onCreated(workspace)
                },
              },
            )
          }}
        >
          <label htmlFor={nameId} className="text-sm">
            Workspace name
          </label>
          <Input
            id={nameId}
            required
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          {create.isError ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {create.error.message}
            </p>
          ) : null}
          <DialogFooter>
            <Button onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={create.isPending || !name.trim()}>
              Create
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  )
}
