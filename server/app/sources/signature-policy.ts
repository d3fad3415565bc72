import type { VersionTrust } from '#core/api/source-schemas.ts'
import { packageNameOf } from './package-name.ts'
import { RegistryError } from './source-ports.ts'

/**
 * The `require` policy's one rule: only a version validly signed by a key its registry publishes
 * is installed or updated to. Thrown before anything is downloaded, so nothing is half-installed.
 */
export function assertSigned(pluginId: string, trust: VersionTrust): void {
  const name = `${packageNameOf(pluginId)}@${trust.version}`
  if (trust.signature === 'signed') return
  if (trust.signature === 'unsigned')
    throw new RegistryError(
      'SIGNATURE_INVALID',
      `${name} is not signed by ${trust.registry}, and this source requires a registry signature`,
    )
  throw new RegistryError(
    'SIGNATURE_INVALID',
    `the signature of ${name} is invalid (${trust.reason ?? 'it does not verify'}), and this source requires a valid one`,
  )
}
