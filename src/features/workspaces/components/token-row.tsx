import type { ApiToken } from '#core/api/token-schemas.ts'
import { Badge } from '#src/components/ui/badge.tsx'
import { Button } from '#src/components/ui/button.tsx'

function Day({ at }: { at: string }) {
  return <time dateTime={at}>{new Date(at).toLocaleDateString()}</time>
}

/** One token: never its secret, only the prefix it starts with. */
export function TokenRow({
  token,
  showOwner,
  now,
  onRevoke,
}: {
  token: ApiToken
  showOwner: boolean
  now: number
  onRevoke: () => void
}) {
  const expired = token.expiresAt !== null && Date.parse(token.expiresAt) <= now
  return (
    <tr className="border-b border-zinc-100 last:border-b-0 dark:border-zinc-800/70">
      <td className="px-3 py-2 font-medium">{token.name}</td>
      <td className="px-3 py-2">
        <code className="font-mono text-xs">{token.prefix}…</code>
      </td>
      <td className="px-3 py-2">{token.role}</td>
      {showOwner ? <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">{token.owner.email}</td> : null}
      <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">
        <Day at={token.createdAt} />
      </td>
      <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">
        {token.lastUsedAt ? <Day at={token.lastUsedAt} /> : 'Never'}
      </td>
      <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">
        {token.expiresAt ? <Day at={token.expiresAt} /> : 'Never'}
        {expired ? (
          <Badge tone="danger" className="ml-2">
            Expired
          </Badge>
        ) : null}
      </td>
      <td className="px-3 py-2 text-right">
        <Button size="sm" variant="ghost" onClick={onRevoke}>
          Revoke <span className="sr-only">{token.name}</span>
        </Button>
      </td>
    </tr>
  )
}
