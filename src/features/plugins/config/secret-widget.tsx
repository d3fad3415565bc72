import type { WidgetProps } from '@rjsf/utils'
import { Badge } from '#src/components/ui/badge.tsx'
import { Button } from '#src/components/ui/button.tsx'

/**
 * What a secret field needs beyond its value: which secrets the server has, which are marked to
 * clear. Plain data, not functions: the form compares its context by value to decide what re-renders.
 */
export interface SecretContext {
  set: Record<string, boolean>
  cleared: string[]
  setCleared: (key: string, cleared: boolean) => void
}

/**
 * A secret field: a set secret shows only "set" (its value never reaches the browser) with Replace
 * and Clear; typing a value replaces it. Leaving it alone keeps the stored one.
 */
export function SecretWidget(props: WidgetProps) {
  const { id, name, value, onChange, onBlur, onFocus, disabled, readonly, registry, label } = props
  const context = registry.formContext as SecretContext
  const isSet = context.set[name] === true
  const cleared = context.cleared.includes(name)
  const replacing = typeof value === 'string'
  const describedBy = `${id}__description`
  if (isSet && !replacing) {
    return (
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span id={id} aria-describedby={describedBy}>
          {cleared ? <Badge tone="warning">will be cleared</Badge> : <Badge tone="success">set</Badge>}
        </span>
        {disabled || readonly ? null : cleared ? (
          <Button size="sm" onClick={() => context.setCleared(name, false)}>
            Keep {label}
          </Button>
        ) : (
          <>
            <Button size="sm" onClick={() => onChange('')} aria-label={`Replace ${label}`}>
              Replace
            </Button>
            <Button size="sm" onClick={() => context.setCleared(name, true)} aria-label={`Clear ${label}`}>
              Clear
            </Button>
          </>
        )}
      </div>
    )
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      <input
        id={id}
        name={id}
        type="password"
        autoComplete="new-password"
        className="form-control"
        value={typeof value === 'string' ? value : ''}
        placeholder={isSet ? 'a new value' : 'not set'}
        disabled={disabled}
        readOnly={readonly}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value === '' && !isSet ? undefined : event.target.value)}
        onBlur={(event) => onBlur(id, event.target.value)}
        onFocus={(event) => onFocus(id, event.target.value)}
      />
      {isSet && replacing && !readonly ? (
        <Button size="sm" onClick={() => onChange(undefined)}>
          Keep current
        </Button>
      ) : null}
    </div>
  )
}
