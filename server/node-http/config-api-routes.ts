import { TaskResponseSchema } from '#core/api/task-schemas.ts'
import {
  ConfigCheckResponseSchema,
  ConfigHistorySchema,
  ConfigRestoreRequestSchema,
  ConfigUpdateRequestSchema,
  PluginConfigSchema,
} from '#core/config/config-schemas.ts'
import type { ApiRoute } from './api-routes.ts'

const PLUGIN = '/api/workspaces/{ws}/plugins/{id}'

/** The plugin configuration endpoints (docs/api.md). */
export const CONFIG_API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'get',
    path: `${PLUGIN}/config`,
    summary: "Every module's config schema and values; secret fields only as set / not set",
    status: 200,
    response: PluginConfigSchema,
    errors: [404],
  },
  {
    method: 'put',
    path: `${PLUGIN}/config`,
    summary: 'New values, validated with the modules’ schemas, applied by a configure task',
    body: ConfigUpdateRequestSchema,
    status: 202,
    response: TaskResponseSchema,
    errors: [404, 409],
  },
  {
    method: 'post',
    path: `${PLUGIN}/config/check`,
    summary: 'The problems a PUT of these values would answer (same rules), nothing saved',
    body: ConfigUpdateRequestSchema,
    status: 200,
    response: ConfigCheckResponseSchema,
    errors: [404],
  },
  {
    method: 'get',
    path: `${PLUGIN}/config/history`,
    summary: 'Configuration versions, newest first: who, when, which fields changed',
    status: 200,
    response: ConfigHistorySchema,
    errors: [404],
  },
  {
    method: 'post',
    path: `${PLUGIN}/config/restore`,
    summary: 'Apply an earlier configuration version again (a configure task)',
    body: ConfigRestoreRequestSchema,
    status: 202,
    response: TaskResponseSchema,
    errors: [404, 409],
  },
]
