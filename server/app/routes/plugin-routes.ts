import type { Context } from 'hono'
import { listResponder } from '#server/app/http/conditional-get.ts'
import { actorOf, paramOf, workspaceOf } from '#server/app/http/request-input.ts'
import type { EndpointHandlers } from '#server/app/register-endpoints.ts'
import type { SimpleAction } from '#server/app/services/plugin-service.ts'
import type { Services } from '#server/app/services/services.ts'

type PluginEndpoint =
  | 'listPlugins'
  | 'getPlugin'
  | 'listPluginEvents'
  | 'getPluginHealth'
  | 'getPluginLogs'
  | 'enablePlugin'
  | 'disablePlugin'
  | 'restartPlugin'
  | 'upgradePlugin'
  | 'approveUpgrade'
  | 'rejectUpgrade'
  | 'uninstallPlugin'
  | 'reloadDevPlugin'

/** `/api/workspaces/:ws/plugins`: reads answer the plugin's data, actions `{ task }`. */
export function pluginHandlers({ plugins }: Services): EndpointHandlers<PluginEndpoint> {
  const act = (action: SimpleAction) => async (c: Context) => ({
    task: await plugins.act(workspaceOf(c), paramOf(c, 'id'), action, actorOf(c)),
  })
  const pluginList = listResponder()
  return {
    listPlugins: (c, { query }) => {
      const ws = workspaceOf(c)
      return pluginList(c, plugins.listVersion(ws), () => plugins.list(ws, query))
    },
    getPlugin: (c) => plugins.detail(workspaceOf(c), paramOf(c, 'id')),
    listPluginEvents: (c, { query }) =>
      plugins.events(workspaceOf(c), paramOf(c, 'id'), query.page, query.pageSize),
    getPluginHealth: (c) => plugins.health(workspaceOf(c), paramOf(c, 'id')),
    getPluginLogs: (c) => plugins.logs(workspaceOf(c), paramOf(c, 'id')),
    enablePlugin: act('enable'),
    disablePlugin: act('disable'),
    restartPlugin: act('restart'),
    approveUpgrade: act('approve'),
    rejectUpgrade: act('reject'),
    upgradePlugin: async (c, { body }) => ({
      task: await plugins.upgrade(workspaceOf(c), paramOf(c, 'id'), body.version, actorOf(c)),
    }),
    reloadDevPlugin: async (c) => ({
      task: await plugins.reload(workspaceOf(c), paramOf(c, 'id'), actorOf(c)),
    }),
    uninstallPlugin: async (c, { query }) => ({
      task: await plugins.uninstall(workspaceOf(c), paramOf(c, 'id'), query.purge, actorOf(c)),
    }),
  }
}
