import { type Endpoint, TASK, WS } from './endpoint-types.ts'

/** Tasks and the live stream of the workspace. */
export const TASK_ENDPOINTS = {
  listTasks: {
    method: 'GET',
    path: `${WS}/tasks`,
    access: 'member',
    status: 200,
    summary: 'Tasks, newest first, with the active count',
    conditional: true,
  },
  streamWorkspace: {
    method: 'GET',
    path: `${WS}/stream`,
    access: 'member',
    status: 200,
    summary: 'Server-Sent Events of every change in the workspace (text/event-stream)',
    errors: ['NOT_FOUND', 'RATE_LIMITED'],
    // Counted and ended per session (sign-out ends it).
    sessionOnly: true,
  },
  clearTasks: {
    method: 'POST',
    path: `${WS}/tasks/clear`,
    access: 'admin',
    status: 200,
    summary: 'Clear every terminal task at once',
    audit: 'task.clear_all',
  },
  getTask: {
    method: 'GET',
    path: TASK,
    access: 'member',
    status: 200,
    summary: 'One task',
    errors: ['NOT_FOUND'],
  },
  cancelTask: {
    method: 'POST',
    path: `${TASK}/cancel`,
    access: 'admin',
    status: 200,
    summary: 'Cancel an active task',
    audit: 'task.cancel',
    errors: ['NOT_FOUND', 'CONFLICT'],
  },
  clearTask: {
    method: 'DELETE',
    path: TASK,
    access: 'admin',
    status: 204,
    summary: 'Clear one terminal task',
    audit: 'task.clear',
    errors: ['NOT_FOUND', 'CONFLICT'],
  },
} as const satisfies Record<string, Endpoint>
