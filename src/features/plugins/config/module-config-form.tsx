// The Form itself, not the package's index: the index also exports a test helper that imports
// a validator we do not ship (values are checked by the server, see draft-check.ts).
import Form from '@rjsf/core/lib/components/Form.js'
import type { UiSchema } from '@rjsf/utils'
import { useMemo, useRef, useState } from 'react'
import { secretKeysOf } from '#core/config/config-fields.ts'
import type { ModuleConfig } from '#core/config/config-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { isApiRequestError } from '#src/lib/api-client.ts'
import { checkConfig, type useConfigChange } from '../api/config-queries.ts'
import { draftChanges, formSchemaOf, requestOf } from './config-diff.ts'
import { ConfigDiffDialog } from './config-diff-dialog.tsx'
import { errorsAtFields, NO_LOCAL_RULES, problemsOf } from './draft-check.ts'
import { type SecretContext, SecretWidget } from './secret-widget.tsx'

const WIDGETS = { secret: SecretWidget }

/** Problems a refused save listed (`module.field: message`). */
function refusedProblems(error: unknown): string[] {
  if (!isApiRequestError(error) || error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details))
    return []
  return error.details.filter((line): line is string => typeof line === 'string')
}

/**
 * One module's generated form: fields, labels and descriptions from its JSON Schema, checked as
 * you go with the server's rules; Save shows what changes, then starts the configure task.
 */
export function ModuleConfigForm({
  workspaceId,
  pluginId,
  module,
  canEdit,
  restarts,
  change,
}: {
  workspaceId: string
  pluginId: string
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
  const [checked, setChecked] = useState<string[]>([])
  const latestCheck = useRef(0)
  const draft = { values, cleared }
  const changes = draftChanges(module, draft)
  const problems = problemsOf(module.id, [
    ...checked,
    ...(change.isError ? refusedProblems(change.error) : []),
  ])
  const formId = `config-${module.id}`

  /** Asks the server for this draft's problems; only the newest answer counts. */
  async function check(): Promise<string[]> {
    const ticket = ++latestCheck.current
    const request = { modules: { [module.id]: requestOf(module, draft) } }
    const found = problemsOf(module.id, await checkConfig(workspaceId, pluginId, request))
    if (ticket === latestCheck.current) setChecked(found)
    return found
  }
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
        validator={NO_LOCAL_RULES}
        extraErrors={errorsAtFields(module.id, problems)}
        widgets={WIDGETS}
        formContext={context}
        idPrefix={formId}
        readonly={!canEdit}
        showErrorList={false}
        noHtml5Validate
        onChange={(event) => setValues((event.formData ?? {}) as Record<string, unknown>)}
        onBlur={() => {
          if (canEdit) void check().catch(() => {})
        }}
        onSubmit={() => {
          void check().then(
            (found) => setReviewing(found.length === 0),
            () => setReviewing(true), // the save itself will say what is wrong
          )
        }}
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
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {problems.length === 1 ? 'One setting needs' : `${problems.length} settings need`} a change before
          saving.
        </p>
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
