import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { PACKAGE_UPLOAD_FIELD } from '#core/api/package-upload.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import { workspaceOf } from '#server/app/http/request-input.ts'
import { PackageInvalidError, PackageTooLargeError } from '#server/app/packages/package-errors.ts'
import type { AppDeps, Packages } from '#server/app/ports.ts'
import type { EndpointHandlers } from '#server/app/register-endpoints.ts'

/** Room for the multipart boundaries and part headers around the archive itself. */
const MULTIPART_OVERHEAD = 64 * 1024

function packagesOf(deps: AppDeps): Packages {
  if (!deps.packages) throw new ApiError('NOT_FOUND', 'this server does not accept package uploads')
  return deps.packages
}

const tooLarge = (limit: number) =>
  new ApiError('PAYLOAD_TOO_LARGE', `the package is larger than ${limit} bytes`, { limit })

/** Only multipart bodies; then the size cap, from Content-Length before reading when it is sent. */
export function uploadGuard(deps: AppDeps): MiddlewareHandler {
  return async (c, next) => {
    const type = c.req.header('content-type') ?? ''
    if (!/^multipart\/form-data\s*;/i.test(type)) {
      throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send the package as multipart/form-data', [
        `${PACKAGE_UPLOAD_FIELD}: expected a multipart/form-data body with a .tgz file`,
      ])
    }
    const { maxBytes } = packagesOf(deps)
    const limit = bodyLimit({
      maxSize: maxBytes + MULTIPART_OVERHEAD,
      onError: () => {
        throw tooLarge(maxBytes)
      },
    })
    return limit(c, next)
  }
}

async function archiveOf(c: Context): Promise<Uint8Array> {
  let form: FormData
  try {
    form = await c.req.formData()
  } catch {
    throw new ApiError('VALIDATION_FAILED', 'the multipart body could not be read', [
      '(root): malformed multipart body',
    ])
  }
  const file = form.get(PACKAGE_UPLOAD_FIELD)
  if (!file || typeof file === 'string') {
    throw new ApiError('VALIDATION_FAILED', 'the package file is missing', [
      `${PACKAGE_UPLOAD_FIELD}: required (a .tgz file)`,
    ])
  }
  return new Uint8Array(await file.arrayBuffer())
}

/** `/api/workspaces/:ws/packages`: receives a `.tgz`, verifies it and keeps it for an install. */
export function packageHandlers(deps: AppDeps): EndpointHandlers<'uploadPackage'> {
  return {
    uploadPackage: async (c) => {
      const bytes = await archiveOf(c)
      try {
        return await packagesOf(deps).save(workspaceOf(c), bytes)
      } catch (error) {
        if (error instanceof PackageTooLargeError) throw tooLarge(error.limit)
        if (error instanceof PackageInvalidError) {
          throw new ApiError('PACKAGE_INVALID', error.message, error.problems)
        }
        throw error
      }
    },
  }
}
