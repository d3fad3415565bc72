import { useId, useState } from 'react'
import type { UpdatePolicy } from '#core/api/update-policy-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { Input, Select } from '#src/components/ui/input.tsx'

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone

/** The workspace's update policy: manual, or patch / minor updates by themselves inside a window. */
export function UpdatePolicyForm({
  policy,
  canEdit,
  saving,
  onSave,
}: {
  policy: UpdatePolicy
  canEdit: boolean
  saving: boolean
  onSave: (policy: UpdatePolicy) => void
}) {
  const [mode, setMode] = useState(policy.mode)
  const [start, setStart] = useState(policy.window?.start ?? '02:00')
  const [end, setEnd] = useState(policy.window?.end ?? '04:00')
  const [timeZone, setTimeZone] = useState(policy.window?.timeZone ?? browserZone())
  const ids = { mode: useId(), start: useId(), end: useId(), zone: useId() }

  return (
    <form
      aria-label="Update policy"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800"
      onSubmit={(event) => {
        event.preventDefault()
        onSave({ mode, window: mode === 'manual' ? null : { start, end, timeZone } })
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.mode} className="font-medium">
          Automatic updates
        </label>
        <Select
          id={ids.mode}
          value={mode}
          disabled={!canEdit}
          onChange={(event) => setMode(event.target.value as UpdatePolicy['mode'])}
        >
          <option value="manual">Manual only</option>
          <option value="patch">Patch versions</option>
          <option value="minor">Minor and patch versions</option>
        </Select>
      </div>
      {mode !== 'manual' ? (
        <>
          <div className="flex flex-col gap-1">
            <label htmlFor={ids.start}>Window from</label>
            <Input
              id={ids.start}
              type="time"
              value={start}
              disabled={!canEdit}
              onChange={(e) => setStart(e.target.value)}
            />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={ids.end}>to</label>
            <Input
              id={ids.end}
              type="time"
              value={end}
              disabled={!canEdit}
              onChange={(e) => setEnd(e.target.value)}
            />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={ids.zone}>Time zone</label>
            <Input
              id={ids.zone}
              value={timeZone}
              disabled={!canEdit}
              onChange={(e) => setTimeZone(e.target.value)}
            />
          </div>
        </>
      ) : null}
      {canEdit ? (
        <Button type="submit" variant="secondary" disabled={saving}>
          Save policy
        </Button>
      ) : null}
      <p className="basis-full text-xs text-zinc-600 dark:text-zinc-400">
        Automatic updates never take a major version, a new capability, or a pinned plugin.
      </p>
    </form>
  )
}
