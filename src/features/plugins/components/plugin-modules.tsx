import type { ModuleState } from '#core/api/plugin-schemas.ts'
import { Badge, type BadgeTone } from '#src/components/ui/badge.tsx'
import { ErrorText } from '#src/components/ui/error-text.tsx'

const TONE: Record<ModuleState['status'], BadgeTone> = {
  starting: 'info',
  running: 'success',
  stopped: 'muted',
}

/** Each module with its status; a module whose onLoad threw shows its error (as text). */
export function PluginModules({ modules }: { modules: readonly ModuleState[] }) {
  if (modules.length === 0) return <p className="text-sm text-muted">No modules loaded.</p>
  return (
    <ul className="flex flex-col gap-2 text-sm">
      {modules.map((module) => (
        <li key={module.id} aria-label={module.name}>
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{module.name}</span>
            <span className="font-mono text-xs text-muted">{module.type}</span>
            <Badge tone={module.error ? 'danger' : TONE[module.status]}>{module.status}</Badge>
          </div>
          {module.error ? <ErrorText text={module.error} /> : null}
        </li>
      ))}
    </ul>
  )
}
