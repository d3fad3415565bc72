import { useId } from 'react'
import { AUDIT_ACTIONS } from '#core/audit/audit-actions.ts'
import { Input, Select } from '#src/components/ui/input.tsx'
import type { AuditFilters } from '../api/audit-queries.ts'

/** Dates from `<input type="date">` become the start / end of that day (local time), as ISO. */
export function dayBoundary(date: string, end: boolean): string | undefined {
  if (!date) return undefined
  const [year, month, day] = date.split('-').map(Number)
  if (!year || !month || !day) return undefined
  const at = end ? new Date(year, month - 1, day, 23, 59, 59, 999) : new Date(year, month - 1, day)
  return at.toISOString()
}

export interface AuditFilterForm {
  action: string
  actor: string
  from: string
  to: string
}

export function toAuditFilters(form: AuditFilterForm, page: number): AuditFilters {
  return {
    action: (form.action || undefined) as AuditFilters['action'],
    actor: form.actor.trim() || undefined,
    from: dayBoundary(form.from, false),
    to: dayBoundary(form.to, true),
    page,
  }
}

export function AuditFilterBar({
  value,
  onChange,
}: {
  value: AuditFilterForm
  onChange: (value: AuditFilterForm) => void
}) {
  const ids = { action: useId(), actor: useId(), from: useId(), to: useId() }
  const field = (key: keyof AuditFilterForm) => ({
    id: ids[key],
    value: value[key],
    onChange: (event: { target: { value: string } }) => onChange({ ...value, [key]: event.target.value }),
  })
  return (
    <fieldset className="flex flex-wrap items-end gap-3 text-sm">
      <legend className="sr-only">Filter the audit log</legend>
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.action}>Action</label>
        <Select {...field('action')}>
          <option value="">All actions</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.actor}>Actor</label>
        <Input type="search" placeholder="Email or user id" {...field('actor')} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.from}>From</label>
        <Input type="date" {...field('from')} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.to}>To</label>
        <Input type="date" {...field('to')} />
      </div>
    </fieldset>
  )
}
