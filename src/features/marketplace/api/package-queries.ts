import { useMutation } from '@tanstack/react-query'
import type { UploadedPackage } from '#core/api/package-schemas.ts'
import { PACKAGE_UPLOAD_FIELD } from '#core/api/package-upload.ts'
import type { TaskResponse } from '#core/api/task-schemas.ts'
import { apiPaths, apiRequest } from '#src/lib/api-client.ts'
import { toastMutationError } from '#src/lib/mutation-errors.ts'
import { installRequest } from '#src/lib/operation-requests.ts'
import { useTaskSink } from '#src/lib/task-sink.tsx'

export function isPackageFile(file: File): boolean {
  return /\.(tgz|tar\.gz)$/i.test(file.name)
}

export function useUploadPackage(workspaceId: string) {
  return useMutation({
    mutationFn: (file: File) => {
      const body = new FormData()
      body.append(PACKAGE_UPLOAD_FIELD, file, file.name)
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
