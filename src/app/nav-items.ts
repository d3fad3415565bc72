import type { Capabilities } from '#src/lib/workspace-access.tsx'

/** The workspace's sections, in order; `allowed` hides those the role may not open. */
const NAV: { to: string; label: string; allowed?: (can: Capabilities) => boolean }[] = [
  { to: 'plugins', label: 'Plugins' },
  { to: 'marketplace', label: 'Marketplace' },
  { to: 'updates', label: 'Updates' },
  { to: 'members', label: 'Members' },
  { to: 'tokens', label: 'API tokens' },
  { to: 'settings', label: 'Settings', allowed: (can) => can.manageSettings },
  { to: 'audit', label: 'Audit', allowed: (can) => can.readAudit },
  { to: 'nodes', label: 'Nodes', allowed: (can) => can.manageNodes },
]

/** The sections this role may open, with their addresses under `base`. */
export function navItems(base: string, can: Capabilities): { to: string; label: string }[] {
  return NAV.filter((item) => item.allowed?.(can) ?? true).map((item) => ({
    to: `${base}/${item.to}`,
    label: item.label,
  }))
}
