import { useId } from 'react'
import { useForm } from 'react-hook-form'
import type { InstallPolicy, WorkspaceSettings } from '#core/api/workspace-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { Input } from '#src/components/ui/input.tsx'
import { notify } from '#src/lib/notify.ts'
import { useUpdateSettings } from '../api/workspace-queries.ts'

const POLICIES: { value: InstallPolicy; label: string; hint: string }[] = [
  { value: 'everyone', label: 'Everyone', hint: 'Every member may install plugins.' },
  { value: 'admins', label: 'Admins', hint: 'Admins and owners may install plugins.' },
  { value: 'nobody', label: 'Nobody', hint: 'Installing is switched off for everyone.' },
]

interface Values {
  name: string
  installPolicy: InstallPolicy
}

export function SettingsForm({
  workspaceId,
  settings,
}: {
  workspaceId: string
  settings: WorkspaceSettings
}) {
  const update = useUpdateSettings(workspaceId)
  const form = useForm<Values>({
    defaultValues: { name: settings.name, installPolicy: settings.installPolicy },
  })
  const nameId = useId()
  const nameError = form.formState.errors.name?.message

  const submit = form.handleSubmit((values) => {
    // Only what changed: the server audits each setting change.
    const patch: Partial<Values> = {}
    if (values.name.trim() !== settings.name) patch.name = values.name.trim()
    if (values.installPolicy !== settings.installPolicy) patch.installPolicy = values.installPolicy
    if (Object.keys(patch).length === 0) return notify('info', 'Nothing to save')
    update.mutate(patch)
  })

  return (
    <form className="flex flex-col gap-5" onSubmit={submit} noValidate>
      <div className="flex flex-col gap-1 text-sm">
        <label htmlFor={nameId} className="font-medium">
          Workspace name
        </label>
        <Input
          id={nameId}
          aria-invalid={nameError ? true : undefined}
          {...form.register('name', {
            validate: (value) => (value.trim().length > 0 ? true : 'The name cannot be empty'),
            maxLength: { value: 100, message: 'At most 100 characters' },
          })}
        />
        {nameError ? <p className="text-red-700 dark:text-red-400">{nameError}</p> : null}
      </div>
      <fieldset className="flex flex-col gap-2 text-sm">
        <legend className="mb-1 font-medium">Who may install plugins</legend>
        {POLICIES.map((policy) => (
          <div key={policy.value}>
            <label className="flex items-center gap-2">
              <input
                type="radio"
                value={policy.value}
                aria-describedby={`${nameId}-${policy.value}`}
                {...form.register('installPolicy')}
              />
              {policy.label}
            </label>
            <p id={`${nameId}-${policy.value}`} className="ml-5 text-xs text-muted">
              {policy.hint}
            </p>
          </div>
        ))}
      </fieldset>
      {update.isError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {update.error.message}
        </p>
      ) : null}
      <div>
        <Button type="submit" variant="primary" disabled={update.isPending}>
          Save settings
        </Button>
      </div>
    </form>
  )
}
