import { useQuery } from '@tanstack/react-query'
import { ArrowLeft, Pin, PinOff } from 'lucide-react'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import type { PluginDetail } from '#core/api/plugin-schemas.ts'
import { compareSemver } from '#core/manifest/semver.ts'
import { Badge } from '#src/components/ui/badge.tsx'
import { Button } from '#src/components/ui/button.tsx'
import { ErrorText } from '#src/components/ui/error-text.tsx'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { StateMessage } from '#src/components/ui/state-message.tsx'
import { isApiRequestError } from '#src/lib/api-client.ts'
import { useWorkspaceAccess } from '#src/lib/workspace-access.tsx'
import { detailPollInterval } from '../api/detail-polling.ts'
import { pluginQueries } from '../api/plugin-queries.ts'
import { ConfigSection } from '../config/config-section.tsx'
import { Panel, Term } from './detail-panel.tsx'
import { PluginActionsMenu } from './plugin-actions-menu.tsx'
import { HealthHistory, PluginLog } from './plugin-diagnostics.tsx'
import { PluginEvents } from './plugin-events.tsx'
import { PluginModules } from './plugin-modules.tsx'
import { PluginPrimaryAction } from './plugin-primary-action.tsx'
import { PluginRuntime } from './plugin-runtime.tsx'
import { DevBadge, HealthIndicator, PluginStatusBadge } from './plugin-status-badge.tsx'
import type { AvailableUpdate } from './plugin-table.tsx'

/** Pinning from the plugin's page: the request lives with the updates, the route hands it in. */
export interface PinControl {
  change(pluginId: string, pinned: boolean): void
  pending: boolean
}

export function PluginDetailPage({
  workspaceId,
  pluginId,
  update,
  onPin,
}: {
  workspaceId: string
  pluginId: string
  /** A newer version in the plugin's source (composed in by the route). */
  update?: AvailableUpdate | undefined
  /** Pins or unpins the plugin's version (composed in by the route); absent: no pin control. */
  onPin?: PinControl | undefined
}) {
  const detail = useQuery(pluginQueries.detail(workspaceId, pluginId))
  const back = (
    <Link
      to={`/w/${encodeURIComponent(workspaceId)}/plugins`}
      className="inline-flex items-center gap-1 text-sm text-zinc-600 hover:underline dark:text-zinc-400"
    >
      <ArrowLeft className="size-4" aria-hidden /> Plugins
    </Link>
  )
  if (detail.isPending) {
    return (
      <div className="flex flex-col gap-4" aria-busy="true">
        {back}
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-40 w-full" />
      </div>
    )
  }
  if (detail.isError) {
    const notFound = isApiRequestError(detail.error) && detail.error.code === 'NOT_FOUND'
    return (
      <div className="flex flex-col gap-4">
        {back}
        <StateMessage
          title={notFound ? 'This plugin is not installed here' : 'Could not load the plugin'}
          tone="danger"
          role="alert"
        >
          <p className="text-sm">{detail.error.message}</p>
          {notFound ? null : (
            <Button size="sm" onClick={() => detail.refetch()}>
              Retry
            </Button>
          )}
        </StateMessage>
      </div>
    )
  }
  return (
    <PluginDetailView
      workspaceId={workspaceId}
      plugin={detail.data}
      back={back}
      update={update}
      onPin={onPin}
    />
  )
}

function PluginDetailView({
  workspaceId,
  plugin,
  back,
  update,
  onPin,
}: {
  workspaceId: string
  plugin: PluginDetail
  back: ReactNode
  update: AvailableUpdate | undefined
  onPin: PinControl | undefined
}) {
  const canOperate = useWorkspaceAccess(workspaceId).can.operate
  // The health history and the log follow the page's own polling rule.
  const poll = detailPollInterval(plugin)
  return (
    <div className="flex flex-col gap-5">
      {back}
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="flex items-center gap-2 text-lg font-semibold">
            {plugin.name} <PluginStatusBadge status={plugin.status} />
            <DevBadge source={plugin.source} />
          </h1>
          <p className="font-mono text-xs text-muted">
            {plugin.pluginId} · v{plugin.version} · by {plugin.author}
            {plugin.pinned ? ' · pinned to this version' : ''}
          </p>
        </div>
        <div className="flex items-center gap-2">
          {plugin.activeTaskId ? <Badge tone="info">Task running</Badge> : null}
          {canOperate && !plugin.lastError ? (
            // Disabled or uninstalled, with no error to explain: the way back is the header's button.
            <>
              <PluginPrimaryAction workspaceId={workspaceId} plugin={plugin} action="enable" />
              <PluginPrimaryAction workspaceId={workspaceId} plugin={plugin} action="reinstall" />
            </>
          ) : null}
          {canOperate && onPin ? (
            <Button
              size="sm"
              disabled={onPin.pending}
              onClick={() => onPin.change(plugin.id, !plugin.pinned)}
              title={plugin.pinned ? undefined : 'No automatic update will touch this plugin'}
            >
              {plugin.pinned ? <PinOff aria-hidden /> : <Pin aria-hidden />}
              {plugin.pinned ? 'Unpin version' : 'Pin version'}
            </Button>
          ) : null}
          {canOperate ? (
            <PluginPrimaryAction workspaceId={workspaceId} plugin={plugin} action="reload" />
          ) : null}
          {canOperate ? <PluginActionsMenu workspaceId={workspaceId} plugin={plugin} /> : null}
        </div>
      </header>
      <p className="max-w-3xl text-sm text-zinc-700 dark:text-zinc-300">{plugin.description}</p>
      {plugin.lastError ? (
        <Panel
          title="Last error"
          actions={
            canOperate ? (
              <PluginPrimaryAction
                workspaceId={workspaceId}
                plugin={plugin}
                action="enable"
                variant="primary"
              />
            ) : null
          }
        >
          <ErrorText text={plugin.lastError} />
        </Panel>
      ) : null}
      {update && !plugin.pendingUpgrade && compareSemver(update.version, plugin.version) > 0 ? (
        <Panel title={`Update available: ${plugin.version} → ${update.version}`}>
          {update.changelog ? <pre className="whitespace-pre-wrap text-xs">{update.changelog}</pre> : null}
          <Link
            to={`/w/${encodeURIComponent(workspaceId)}/updates`}
            className="text-sm text-sky-700 hover:underline dark:text-sky-400"
          >
            Review and update
          </Link>
        </Panel>
      ) : null}
      {plugin.pendingUpgrade ? (
        <Panel
          title={`Upgrade to ${plugin.pendingUpgrade.version} waits for approval`}
          actions={
            canOperate ? (
              <>
                <PluginPrimaryAction workspaceId={workspaceId} plugin={plugin} action="reject" />
                <PluginPrimaryAction
                  workspaceId={workspaceId}
                  plugin={plugin}
                  action="approve"
                  variant="primary"
                />
              </>
            ) : null
          }
        >
          <p className="text-sm">
            New capabilities: {plugin.pendingUpgrade.addedCapabilities.join(', ') || 'none'}
            {plugin.pendingUpgrade.removedCapabilities.length > 0
              ? ` · removed: ${plugin.pendingUpgrade.removedCapabilities.join(', ')}`
              : ''}
          </p>
        </Panel>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        <Panel title="Overview">
          <dl className="grid grid-cols-[8rem_1fr] gap-y-1.5 text-sm">
            <Term label="Health">
              <HealthIndicator health={plugin.health} />
            </Term>
            <Term label="Categories">{plugin.categories.join(', ') || '—'}</Term>
            <Term label="Capabilities">{plugin.capabilities.join(', ') || '—'}</Term>
            <Term label="Source">
              {plugin.source.type}
              {plugin.source.sha256 ? (
                <span className="ml-1 font-mono text-xs break-all">sha256 {plugin.source.sha256}</span>
              ) : null}
            </Term>
            <Term label="Installed">{new Date(plugin.installedAt).toLocaleString()}</Term>
          </dl>
        </Panel>
        <Panel title="Runtime">
          <PluginRuntime runtime={plugin.runtime} plugin={plugin} />
        </Panel>
      </div>
      <Panel title="Modules">
        <PluginModules modules={plugin.modules} />
      </Panel>
      <ConfigSection workspaceId={workspaceId} plugin={plugin} canEdit={canOperate} />
      <div className="grid gap-4 md:grid-cols-2">
        <Panel title="Health checks">
          <HealthHistory workspaceId={workspaceId} pluginId={plugin.id} poll={poll} />
        </Panel>
        <Panel title="Log">
          <PluginLog workspaceId={workspaceId} pluginId={plugin.id} poll={poll} />
        </Panel>
      </div>
      <Panel title="Timeline">
        <PluginEvents workspaceId={workspaceId} pluginId={plugin.id} />
      </Panel>
    </div>
  )
}
