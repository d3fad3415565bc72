import type { Task } from '#core/api/task-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import { PackageInvalidError, PackageTooLargeError } from '#server/app/packages/package-errors.ts'
import { uploadPackageInfo } from '#server/app/packages/upload-package-info.ts'
import type { AppDeps, DevFolders, Packages } from '#server/app/ports.ts'
import type { InstallService } from './install-service.ts'

/** Dev mode is off unless the server enables it: its endpoints then answer as if they did not exist. */
export function devFoldersOf(deps: Pick<AppDeps, 'devFolders' | 'packages'>): {
  folders: DevFolders
  packages: Packages
} {
  if (!deps.devFolders || !deps.packages) {
    throw new ApiError('NOT_FOUND', 'dev mode is off on this server (PLUGBOARD_DEV_MODE=1 turns it on)')
  }
  return { folders: deps.devFolders, packages: deps.packages }
}

/**
 * Dev mode's registration: a plugin folder on the server's machine is packed and kept like an
 * upload (the same archive, manifest and package checks), then installed by the install service
 * with its source marked `dev` and the folder's path, which a reload takes its files from again.
 */
export function createDevService(deps: AppDeps, installs: InstallService) {
  return {
    async register(workspaceId: string, path: string, actor: string): Promise<Task> {
      const { folders, packages } = devFoldersOf(deps)
      let uploaded: Awaited<ReturnType<Packages['save']>>
      try {
        uploaded = await packages.save(workspaceId, await folders.pack(path))
      } catch (error) {
        if (error instanceof PackageTooLargeError) {
          throw new ApiError(
            'PAYLOAD_TOO_LARGE',
            `the plugin folder packs to more than ${error.limit} bytes`,
            {
              limit: error.limit,
            },
          )
        }
        if (error instanceof PackageInvalidError)
          throw new ApiError('PACKAGE_INVALID', error.message, error.problems)
        throw error
      }
      const pkg = uploadPackageInfo(uploaded)
      return installs.installPackage(
        workspaceId,
        { ...pkg, source: { ...pkg.source, dev: true, path } },
        actor,
      )
    },
  }
}
