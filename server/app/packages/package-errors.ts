/**
 * Why a package is refused, the same for every adapter and for uploads and installs alike: the
 * upload route answers 413 PAYLOAD_TOO_LARGE or 422 PACKAGE_INVALID, an install task fails its
 * item with PACKAGE_INVALID.
 */

/** The archive is over the size cap. */
export class PackageTooLargeError extends Error {
  readonly limit: number
  constructor(limit: number) {
    super(`the package is larger than ${limit} bytes`)
    this.name = 'PackageTooLargeError'
    this.limit = limit
  }
}

/** The package was refused for one or more reasons, each a line an admin can act on. */
export class PackageInvalidError extends Error {
  readonly problems: string[]
  constructor(message: string, problems: string[]) {
    super(message)
    this.name = 'PackageInvalidError'
    this.problems = problems
  }
}
