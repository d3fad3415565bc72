import { isApiRequestError } from './api-client.ts'
import { notify } from './notify.ts'

/** The message an admin sees when an operation is refused. */
export function describeMutationError(error: unknown, subject?: string): string {
  if (isApiRequestError(error)) {
    if (error.code === 'TASK_ALREADY_ACTIVE') {
      return `${subject ?? 'This plugin'} already has a running task`
    }
    return error.message
  }
  return error instanceof Error ? error.message : 'Something went wrong'
}

export function toastMutationError(error: unknown, subject?: string) {
  notify('error', describeMutationError(error, subject))
}
