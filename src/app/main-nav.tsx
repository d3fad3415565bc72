import { NavLink } from 'react-router'
import { cn } from '#src/lib/cn.ts'
import type { Capabilities } from '#src/lib/workspace-access.tsx'

const NAV: { to: string; label: string; allowed?: (can: Capabilities) => boolean }[] = [
  { to: 'plugins', label: 'Plugins' },
  { to: 'marketplace', label: 'Marketplace' },
  { to: 'updates', label: 'Updates' },
  { to: 'members', label: 'Members' },
  { to: 'settings', label: 'Settings', allowed: (can) => can.manageSettings },
  { to: 'audit', label: 'Audit', allowed: (can) => can.readAudit },
]

/** The workspace's sections: only those the role may open. */
export function MainNav({ base, can }: { base: string; can: Capabilities }) {
  return (
    <nav aria-label="Main" className="flex gap-1 overflow-x-auto text-sm">
      {NAV.filter((item) => item.allowed?.(can) ?? true).map((item) => (
        <NavLink
          key={item.to}
          to={`${base}/${item.to}`}
          className={({ isActive }) =>
            cn(
              'rounded-md px-2.5 py-1.5 font-medium text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800',
              isActive && 'bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100',
            )
          }
        >
          {item.label}
        </NavLink>
      ))}
    </nav>
  )
}
