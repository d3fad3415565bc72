import type { Page } from '#core/api/common-schemas.ts'
import type { PluginEvent } from '#core/api/plugin-schemas.ts'
import { pageOf } from './page-of.ts'

type Stored = PluginEvent & { seq: number }
const key = (workspaceId: string, pluginId: string) => `${workspaceId}\u0000${pluginId}`
const plain = ({ seq: _seq, ...event }: Stored): PluginEvent => structuredClone(event)

/** Plugin timelines in memory: appended in order, listed newest first (time, then append order). */
export function createEventLog() {
  const events = new Map<string, Stored[]>()
  let seq = 0
  return {
    append(event: Omit<PluginEvent, 'id'>): PluginEvent {
      seq++
      const stored = { ...structuredClone(event), id: `evt_${String(seq).padStart(8, '0')}`, seq }
      const k = key(event.workspaceId, event.pluginId)
      events.set(k, [...(events.get(k) ?? []), stored])
      return plain(stored)
    },
    list(workspaceId: string, pluginId: string, page: number, pageSize: number): Page<PluginEvent> {
      const list = [...(events.get(key(workspaceId, pluginId)) ?? [])].sort((a, b) =>
        a.at === b.at ? b.seq - a.seq : a.at < b.at ? 1 : -1,
      )
      const result = pageOf(list, page, pageSize)
      return { ...result, items: result.items.map(plain) }
    },
    deleteAll(workspaceId: string, pluginId: string): void {
      events.delete(key(workspaceId, pluginId))
    },
  }
}
