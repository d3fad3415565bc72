import { z } from 'zod'
import { TimestampSchema } from './common-schemas.ts'
import { HealthStatusSchema, PluginSchema } from './plugin-schemas.ts'
import { RUNTIME_EVENT_KINDS, type StreamEventType } from './stream-events.ts'
import { TaskSchema } from './task-schemas.ts'
import { WorkspaceSettingsSchema } from './workspace-schemas.ts'

/** `GET …/stream`: a client that reconnects by itself names the last event it saw. */
export const StreamQuerySchema = z.strictObject({ lastEventId: z.string().max(200).optional() })

const RuntimeStreamEventSchema = z.object({
  pluginId: z.string(),
  kind: z.enum(RUNTIME_EVENT_KINDS),
  at: TimestampSchema,
  message: z.string().optional(),
  dropped: z.number().int().min(1).optional(),
  attempt: z.number().int().min(1).optional(),
  restartAt: TimestampSchema.optional(),
  status: HealthStatusSchema.optional(),
})

const TaskEventSchema = z.object({ task: TaskSchema })

/** The payload schema of every stream event, by its name (see stream-events.ts). */
export const STREAM_EVENT_SCHEMAS = {
  'task.created': TaskEventSchema,
  'task.changed': TaskEventSchema,
  'tasks.removed': z.object({ taskIds: z.array(z.string()).nullable() }),
  'plugin.changed': z.object({ plugin: PluginSchema }),
  'plugin.removed': z.object({ pluginId: z.string() }),
  runtime: RuntimeStreamEventSchema,
  'members.changed': z.object({}).strict(),
  'settings.changed': z.object({ settings: WorkspaceSettingsSchema }),
  'updates.changed': z.object({
    available: z.array(z.object({ pluginId: z.string(), version: z.string() })),
  }),
  'plugin.pinned': z.object({ pluginId: z.string(), pinned: z.boolean() }),
} satisfies Record<StreamEventType, z.ZodType>

/** `resync`: the events after the client's Last-Event-ID are no longer kept; reload everything. */
export const ResyncEventSchema = z.object({}).strict()
