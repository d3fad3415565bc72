import { useMutation } from '@tanstack/react-query'
import type { TaskResponse } from '#core/api/task-schemas.ts'
import type { Manifest } from '#core/manifest/manifest-schema.ts'
import { apiPaths, apiRequest } from '#src/lib/api-client.ts'
import { toastMutationError } from '#src/lib/mutation-errors.ts'
import { installRequest } from '#src/lib/operation-requests.ts'
import { useTaskSink } from '#src/lib/task-sink.tsx'

/** `POST …/packages` answers the verified manifest and the archive's sha256 (docs/api.md). */
export interface UploadedPackage {
  packageId: string
  manifest: Manifest
  sha256: string
}

/** The multipart field the archive travels in. */
export const PACKAGE_FIELD = 'file'

export function isPackageFile(file: File): boolean {
  return /\.(tgz|tar\.gz)$/i.test(file.name)
}

export function useUploadPackage(workspaceId: string) {
  return useMutation({
    mutationFn: (file: File) => {
      const body = new FormData()
      body.append(PACKAGE_FIELD, file, file.name)
      return apiRequest<UploadedPackage>(apiPaths.packages(workspaceId), { method: 'POST', body })
    },
  })
}

export function useInstallPackage(workspaceId: string) {
  const recordTask = useTaskSink()
  return useMutation({
    mutationFn: (uploaded: UploadedPackage) => {
      const request = installRequest(workspaceId, [{ source: 'package', packageId: uploaded.packageId }])
      return apiRequest<TaskResponse>(request.path, request.options)
    },
    onSuccess: ({ task }) => recordTask(workspaceId, task),
    onError: (error, uploaded) => toastMutationError(error, uploaded.manifest.name),
  })
}
