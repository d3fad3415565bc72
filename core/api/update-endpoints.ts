import { type Endpoint, PLUGIN, TASK_STARTED, WS } from './endpoint-types.ts'

/** Updates: what is newer, updating several, the policy and pins. */
export const UPDATE_ENDPOINTS = {
  listUpdates: {
    method: 'GET',
    path: `${WS}/updates`,
    access: 'member',
    status: 200,
    summary: 'Installed plugins with a newer version in their source',
  },
  updateSeveral: {
    method: 'POST',
    path: `${WS}/updates`,
    access: 'admin',
    status: 202,
    summary: 'Update several plugins: one task, one item per plugin',
    audit: 'plugin.update_several',
    ...TASK_STARTED,
  },
  getUpdatePolicy: {
    method: 'GET',
    path: `${WS}/updates/policy`,
    access: 'member',
    status: 200,
    summary: "The workspace's update policy and maintenance window",
  },
  setUpdatePolicy: {
    method: 'PATCH',
    path: `${WS}/updates/policy`,
    access: 'admin',
    status: 200,
    summary: 'Set the update policy (manual | patch | minor) and its window',
    audit: 'updates.policy',
    errors: ['NOT_FOUND'],
  },
  pinPlugin: {
    method: 'POST',
    path: `${PLUGIN}/pin`,
    access: 'admin',
    status: 200,
    summary: 'Pin the installed version: no automatic update touches it',
    audit: 'plugin.pin',
    errors: ['NOT_FOUND'],
  },
  unpinPlugin: {
    method: 'DELETE',
    path: `${PLUGIN}/pin`,
    access: 'admin',
    status: 200,
    summary: 'Unpin the plugin',
    audit: 'plugin.unpin',
    errors: ['NOT_FOUND'],
  },
} as const satisfies Record<string, Endpoint>
