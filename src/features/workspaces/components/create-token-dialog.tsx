import { useId } from 'react'
import { useForm } from 'react-hook-form'
import type { Role } from '#core/api/auth-schemas.ts'
import { ROLES, roleAtLeast } from '#core/auth/roles.ts'
import { Button } from '#src/components/ui/button.tsx'
import { Dialog, DialogContent, DialogFooter } from '#src/components/ui/dialog.tsx'
import { Input, Select } from '#src/components/ui/input.tsx'
import { useCreateToken } from '../api/token-queries.ts'
import { TokenSecret } from './token-secret.tsx'

/** Lifetimes offered; the API takes any whole number of days up to ten years, or none. */
const EXPIRIES = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: '', label: 'Never (until revoked)' },
] as const

interface TokenForm {
  name: string
  role: Role
  expiresInDays: string
}

/**
 * Name, role (none above the caller's own) and lifetime; once made, the same dialog shows the
 * secret, and closing it forgets the secret.
 */
export function CreateTokenDialog({
  workspaceId,
  role,
  open,
  onClose,
}: {
  workspaceId: string
  /** The caller's role: the highest a token may get. */
  role: Role | undefined
  open: boolean
  onClose: () => void
}) {
  const create = useCreateToken(workspaceId)
  const roles = ROLES.filter((candidate) => (role ? roleAtLeast(role, candidate) : candidate === 'member'))
  const form = useForm<TokenForm>({ defaultValues: { name: '', role: 'member', expiresInDays: '90' } })
  const ids = { name: useId(), role: useId(), expiry: useId(), error: useId() }
  const nameError = form.formState.errors.name?.message
  const close = () => {
    create.reset()
    form.reset()
    onClose()
  }
  const submit = form.handleSubmit((values) =>
    create.mutate({
      name: values.name.trim(),
      role: values.role,
      ...(values.expiresInDays ? { expiresInDays: Number(values.expiresInDays) } : {}),
    }),
  )

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? undefined : close())}>
      {open ? (
        <DialogContent
          title={create.data ? 'Token created' : 'Create an API token'}
          description={
            create.data
              ? undefined
              : 'For scripts and the command line. It acts as you, in this workspace only.'
          }
        >
          {create.data ? (
            <>
              <TokenSecret name={create.data.token.name} secret={create.data.secret} />
              <DialogFooter>
                <Button variant="primary" onClick={close}>
                  Done
                </Button>
              </DialogFooter>
            </>
          ) : (
            <form className="flex flex-col gap-3" onSubmit={submit} noValidate>
              <div className="flex flex-col gap-1 text-sm">
                <label htmlFor={ids.name}>Name</label>
                <Input
                  id={ids.name}
                  autoComplete="off"
                  placeholder="e.g. deploy script"
                  aria-invalid={nameError ? true : undefined}
                  aria-describedby={nameError ? ids.error : undefined}
                  {...form.register('name', {
                    validate: (value) => value.trim().length > 0 || 'Give the token a name',
                    maxLength: { value: 100, message: 'At most 100 characters' },
                  })}
                />
                {nameError ? (
                  <p id={ids.error} className="text-red-700 dark:text-red-400">
                    {nameError}
                  </p>
                ) : null}
              </div>
              <div className="flex flex-wrap gap-3">
                <div className="flex flex-col gap-1 text-sm">
                  <label htmlFor={ids.role}>Role</label>
                  <Select id={ids.role} {...form.register('role')}>
                    {roles.map((candidate) => (
                      <option key={candidate} value={candidate}>
                        {candidate}
                      </option>
                    ))}
                  </Select>
                </div>
                <div className="flex flex-col gap-1 text-sm">
                  <label htmlFor={ids.expiry}>Expires</label>
                  <Select id={ids.expiry} {...form.register('expiresInDays')}>
                    {EXPIRIES.map((expiry) => (
                      <option key={expiry.value} value={expiry.value}>
                        {expiry.label}
                      </option>
                    ))}
                  </Select>
                </div>
              </div>
              {create.isError ? (
                <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                  Could not create the token: {create.error.message}
                </p>
              ) : null}
              <DialogFooter>
                <Button onClick={close}>Cancel</Button>
                <Button type="submit" variant="primary" disabled={create.isPending}>
                  Create token
                </Button>
              </DialogFooter>
            </form>
          )}
        </DialogContent>
      ) : null}
    </Dialog>
  )
}
