import Form from '@rjsf/core'
import type { UiSchema } from '@rjsf/utils'
import { useMemo, useState } from 'react'
import { secretKeysOf } from '#core/config/config-fields.ts'
import type { ModuleConfig } from '#core/config/config-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { isApiRequestError } from '#src/lib/api-client.ts'
import type { useConfigChange } from '../api/config-queries.ts'
import { draftChanges, formSchemaOf, requestOf } from './config-diff.ts'
import { ConfigDiffDialog } from './config-diff-dialog.tsx'
import { configValidator } from './config-validator.ts'
import { type SecretContext, SecretWidget } from './secret-widget.tsx'

const WIDGETS = { secret: SecretWidget }

/** Problems the server listed for this module (`module.field: message`), without the module prefix. */
function serverProblems(error: unknown, module: string): string[] {
  if (!isApiRequestError(error) || error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details))
    return []
  return error.details
    .filter((line): line is string => typeof line === 'string' && line.startsWith(`${module}`))
    .map((line) => line.slice(module.length + 1).trim() || line)
}

/**
 * One module's generated form: fields, labels and descriptions from its JSON Schema, checked as
 * you go with the server's rules; Save shows what changes, then starts the configure task.
 */
export function ModuleConfigForm({
  module,
  canEdit,
  restarts,
  change,
}: {
  module: ModuleConfig
  canEdit: boolean
  restarts: boolean
  change: ReturnType<typeof useConfigChange>
}) {
  const [values, setValues] = useState<Record<string, unknown>>(module.values)
  const [cleared, setCleared] = useState<ReadonlySet<string>>(new Set())
  const [reviewing, setReviewing] = useState(false)
  const secrets = useMemo(() => secretKeysOf(module.schema), [module.schema])
  const uiSchema: UiSchema = useMemo(
    () => ({
      ...Object.fromEntries(secrets.map((key) => [key, { 'ui:widget': 'secret' }])),
      'ui:submitButtonOptions': { norender: true },
    }),
    [secrets],
  )
  const context: SecretContext = {
    set: module.secrets,
    cleared: [...cleared],
    setCleared: (key, on) =>
      setCleared((previous) => {
        const next = new Set(previous)
        if (on) next.add(key)
        else next.delete(key)
        return next
      }),
  }
  const draft = { values, cleared }
  const changes = draftChanges(module, draft)
  const problems = change.isError ? serverProblems(change.error, module.id) : []
  const formId = `config-${module.id}`
  return (
    <section aria-labelledby={`${formId}-title`} className="flex flex-col gap-2">
      <h3 id={`${formId}-title`} className="text-sm font-semibold">
        {module.name}
      </h3>
      <Form
        id={formId}
        className="config-form"
        schema={formSchemaOf(module, cleared)}
        uiSchema={uiSchema}
        formData={values}
        validator={configValidator}
        widgets={WIDGETS}
        formContext={context}
        idPrefix={formId}
        readonly={!canEdit}
        liveValidate="onBlur"
        showErrorList={false}
        noHtml5Validate
        focusOnFirstError
        onChange={(event) => setValues((event.formData ?? {}) as Record<string, unknown>)}
        onSubmit={() => setReviewing(true)}
        // The problems are shown at their fields; nothing else to report.
        onError={() => {}}
      >
        {canEdit ? (
          <div className="flex items-center gap-2">
            <Button type="submit" variant="primary" disabled={change.isPending}>
              Review and save…
            </Button>
            {changes.length > 0 ? (
              <span className="text-xs text-zinc-600 dark:text-zinc-400">
                {changes.length} unsaved change{changes.length === 1 ? '' : 's'}
              </span>
            ) : null}
          </div>
        ) : null}
      </Form>
      {problems.length > 0 ? (
        <ul role="alert" className="text-xs text-red-700 dark:text-red-400">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <ConfigDiffDialog
        module={module}
        changes={changes}
        next={requestOf(module, draft)}
        open={reviewing}
        onOpenChange={setReviewing}
        restarts={restarts}
        onConfirm={() =>
          change.mutate(
            { kind: 'save', request: { modules: { [module.id]: requestOf(module, draft) } } },
            { onSuccess: () => setCleared(new Set()) },
          )
        }
      />
    </section>
  )
}
