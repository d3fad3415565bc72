import { useId } from 'react'
import { useForm } from 'react-hook-form'
import { ROLES } from '#core/auth/roles.ts'
import { Button } from '#src/components/ui/button.tsx'
import { Input, Select } from '#src/components/ui/input.tsx'
import { type InviteForm, useAddMember } from '../api/member-queries.ts'
import { TemporaryPasswordNotice } from './temporary-password-notice.tsx'

/** Adds a member by email; an unknown email creates an invited user with a temporary password. */
export function InviteMemberForm({ workspaceId }: { workspaceId: string }) {
  const add = useAddMember(workspaceId)
  const form = useForm<InviteForm>({ defaultValues: { email: '', name: '', role: 'member' } })
  const ids = { title: useId(), email: useId(), name: useId(), role: useId(), error: useId() }
  const emailError = form.formState.errors.email?.message

  const submit = form.handleSubmit((values) => {
    add.mutate(
      {
        email: values.email.trim(),
        role: values.role,
        ...(values.name?.trim() ? { name: values.name.trim() } : {}),
      },
      { onSuccess: () => form.reset() },
    )
  })

  return (
    <section aria-labelledby={ids.title} className="flex flex-col gap-3">
      <h2 id={ids.title} className="text-sm font-semibold">
        Invite a member
      </h2>
      <form className="flex flex-wrap items-end gap-3" onSubmit={submit} noValidate>
        <div className="flex flex-col gap-1 text-sm">
          <label htmlFor={ids.email}>Email</label>
          <Input
            id={ids.email}
            type="email"
            autoComplete="off"
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? ids.error : undefined}
            {...form.register('email', {
              required: 'Enter an email address',
              pattern: { value: /^[^\s@]+@[^\s@]+$/, message: 'Enter a valid email address' },
            })}
          />
        </div>
        <div className="flex flex-col gap-1 text-sm">
          <label htmlFor={ids.name}>Name (optional)</label>
          <Input id={ids.name} autoComplete="off" {...form.register('name')} />
        </div>
        <div className="flex flex-col gap-1 text-sm">
          <label htmlFor={ids.role}>Role</label>
          <Select id={ids.role} {...form.register('role')}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" variant="primary" disabled={add.isPending}>
          Invite
        </Button>
      </form>
      {emailError ? (
        <p id={ids.error} className="text-sm text-red-700 dark:text-red-400">
          {emailError}
        </p>
      ) : null}
      {add.isError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {add.error.message}
        </p>
      ) : null}
      {add.data?.temporaryPassword ? (
        <TemporaryPasswordNotice
          key={add.data.member.id}
          email={add.data.member.email}
          password={add.data.temporaryPassword}
          onDismiss={() => add.reset()}
        />
      ) : add.isSuccess ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {add.data.member.email} was added as {add.data.member.role}.
        </p>
      ) : null}
    </section>
  )
}
