import type { HealthStatus } from '#core/plugins/plugin-health.ts'
import type { PluginStatus } from '#core/plugins/plugin-status.ts'
import { Badge, type BadgeTone } from '#src/components/ui/badge.tsx'
import { cn } from '#src/lib/cn.ts'

export const STATUS_PRESENTATION: Record<PluginStatus, { label: string; tone: BadgeTone }> = {
  installed: { label: 'Installed', tone: 'info' },
  ready: { label: 'Ready', tone: 'success' },
  disabled: { label: 'Disabled', tone: 'muted' },
  error: { label: 'Error', tone: 'danger' },
  upgrade_pending: { label: 'Upgrade pending', tone: 'warning' },
  uninstalled: { label: 'Uninstalled', tone: 'muted' },
}

/** A plugin installed from a folder in dev mode, reloaded on its author's saves. */
export function DevBadge({ source }: { source: { dev?: boolean } }) {
  return source.dev ? <Badge tone="info">In development</Badge> : null
}

/** The one place a plugin status becomes a label and a colour. */
export function PluginStatusBadge({ status }: { status: PluginStatus }) {
  const { label, tone } = STATUS_PRESENTATION[status]
  return <Badge tone={tone}>{label}</Badge>
}

const HEALTH_DOT: Record<HealthStatus, string> = {
  healthy: 'bg-emerald-500',
  degraded: 'bg-amber-500',
  unhealthy: 'bg-red-500',
  failed: 'bg-red-600',
  recovering: 'bg-sky-500',
  unknown: 'bg-zinc-400',
}

export function HealthIndicator({ health }: { health: HealthStatus }) {
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-zinc-600 capitalize dark:text-zinc-400">
      <span aria-hidden className={cn('size-2 rounded-full', HEALTH_DOT[health])} />
      {health}
    </span>
  )
}
