/** A package refused for one or more reasons, each a line an admin can act on. */
export class PackageInvalidError extends Error {
  readonly problems: string[]

  constructor(message: string, problems: string[]) {
    super(message)
    this.name = 'PackageInvalidError'
    this.problems = problems
  }
}
