import type { Role } from '#core/api/auth-schemas.ts'
import type { Member } from '#core/api/workspace-schemas.ts'
import { ROLES } from '#core/auth/roles.ts'
import { Button } from '#src/components/ui/button.tsx'
import { Select } from '#src/components/ui/input.tsx'

/** One member; owners get a role select and a remove button, others read. */
export function MemberRow({
  member,
  isSelf,
  canManage,
  busy,
  onRoleChange,
  onRemove,
}: {
  member: Member
  isSelf: boolean
  canManage: boolean
  busy: boolean
  onRoleChange: (role: Role) => void
  onRemove: () => void
}) {
  return (
    <tr className="border-b border-zinc-100 last:border-b-0 dark:border-zinc-800/70">
      <td className="px-3 py-2">
        <span className="font-medium">{member.name}</span>
        {isSelf ? <span className="ml-1 text-xs text-muted">(you)</span> : null}
      </td>
      <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">{member.email}</td>
      <td className="px-3 py-2">
        {canManage ? (
          <Select
            aria-label={`Role of ${member.name}`}
            className="h-7 text-xs"
            value={member.role}
            disabled={busy}
            onChange={(event) => onRoleChange(event.target.value as Role)}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </Select>
        ) : (
          member.role
        )}
      </td>
      <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">
        <time dateTime={member.joinedAt}>{new Date(member.joinedAt).toLocaleDateString()}</time>
      </td>
      {canManage ? (
        <td className="px-3 py-2 text-right">
          <Button size="sm" variant="ghost" disabled={busy} onClick={onRemove}>
            Remove <span className="sr-only">{member.name}</span>
          </Button>
        </td>
      ) : null}
    </tr>
  )
}
