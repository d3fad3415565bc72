/** The version of this host; a package whose `minHostVersion` is newer is refused. Kept equal to package.json. */
export const HOST_VERSION = '0.1.0'

type Parsed = { core: [number, number, number]; pre: string | null }

function parse(version: string): Parsed | null {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(version)
  if (!match) return null
  return { core: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] ?? null }
}

/** Semver precedence: negative when a < b, 0 when equal, positive when a > b. Invalid versions sort first. */
export function compareSemver(a: string, b: string): number {
  const left = parse(a)
  const right = parse(b)
  if (!left || !right) return left ? 1 : right ? -1 : 0
  for (let i = 0; i < 3; i++) {
    const diff = (left.core[i] ?? 0) - (right.core[i] ?? 0)
    if (diff !== 0) return diff
  }
  // A pre-release sorts before its release (1.0.0-rc.1 < 1.0.0).
  if (left.pre === right.pre) return 0
  if (left.pre === null) return 1
  if (right.pre === null) return -1
  return comparePrerelease(left.pre, right.pre)
}

function comparePrerelease(a: string, b: string): number {
  const left = a.split('.')
  const right = b.split('.')
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i]
    const y = right[i]
    if (x === undefined) return -1
    if (y === undefined) return 1
    const xNum = /^\d+$/.test(x)
    const yNum = /^\d+$/.test(y)
    if (xNum && yNum && Number(x) !== Number(y)) return Number(x) - Number(y)
    if (xNum !== yNum) return xNum ? -1 : 1
    if (x !== y) return x < y ? -1 : 1
  }
  return 0
}

/** How far apart two versions are: the first of major, minor, patch that differs (prerelease otherwise). */
export function versionJump(from: string, to: string): 'major' | 'minor' | 'patch' | 'prerelease' {
  const a = parse(from)
  const b = parse(to)
  if (!a || !b || a.core[0] !== b.core[0]) return 'major'
  if (a.core[1] !== b.core[1]) return 'minor'
  if (a.core[2] !== b.core[2]) return 'patch'
  return 'prerelease'
}

/** Whether a version is a prerelease (`1.0.0-rc.1`). */
export const isPrerelease = (version: string) => parse(version)?.pre != null
