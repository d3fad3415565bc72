import './config-form.css'
import type { PluginConfig } from '#core/config/config-schemas.ts'
import { useConfigChange } from '../api/config-queries.ts'
import { ModuleConfigForm } from './module-config-form.tsx'

/** Every module's form (this file and the form library load only when a plugin page shows settings). */
export function ConfigForms({
  workspaceId,
  plugin,
  config,
  canEdit,
}: {
  workspaceId: string
  plugin: { id: string; name: string; status: string }
  config: PluginConfig
  canEdit: boolean
}) {
  const change = useConfigChange(workspaceId, plugin.id, plugin.name)
  return (
    <div className="flex flex-col gap-6">
      {config.modules.map((module) => (
        <ModuleConfigForm
          // A new version on the server resets the form to what is stored.
          key={`${module.id}@${config.version}`}
          workspaceId={workspaceId}
          pluginId={plugin.id}
          module={module}
          canEdit={canEdit}
          restarts={plugin.status === 'ready'}
          change={change}
        />
      ))}
    </div>
  )
}
