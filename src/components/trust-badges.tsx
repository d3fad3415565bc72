import { ShieldAlert, ShieldCheck, ShieldQuestion } from 'lucide-react'
import type { VersionTrust } from '#core/api/source-schemas.ts'
import { Badge } from '#src/components/ui/badge.tsx'

/** A key id is long (`SHA256:` and 43 characters); its start identifies it well enough to read. */
const shortKey = (keyId: string | null) => (keyId && keyId.length > 18 ? `${keyId.slice(0, 18)}…` : keyId)

/**
 * A version's signature as its source verified it, and whether it has a provenance attestation
 * (shown, never verified here). Nothing when its source's signature policy is `off`.
 */
export function TrustBadges({ trust }: { trust: VersionTrust | null | undefined }) {
  if (!trust) return null
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      {trust.signature === 'signed' ? (
        <Badge tone="success" title={trust.keyId ?? undefined}>
          <ShieldCheck aria-hidden className="size-3" /> signed by {trust.registry} (key{' '}
          {shortKey(trust.keyId)})
        </Badge>
      ) : trust.signature === 'invalid' ? (
        <Badge tone="danger" title={trust.reason ?? undefined}>
          <ShieldAlert aria-hidden className="size-3" /> signature invalid
        </Badge>
      ) : (
        <Badge tone="warning">
          <ShieldQuestion aria-hidden className="size-3" /> unsigned
        </Badge>
      )}
      {trust.provenance ? (
        <Badge tone="info" title="The registry lists a provenance attestation; Plugboard does not verify it">
          provenance (not verified)
        </Badge>
      ) : null}
    </span>
  )
}
