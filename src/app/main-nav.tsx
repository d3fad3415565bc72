import { Menu } from 'lucide-react'
import { lazy, Suspense, useSyncExternalStore } from 'react'
import { NavLink } from 'react-router'
import { Button } from '#src/components/ui/button.tsx'
import { cn } from '#src/lib/cn.ts'
import type { Capabilities } from '#src/lib/workspace-access.tsx'
import { navItems } from './nav-items.ts'

// The narrow-screen menu (Radix) loads just after the first paint, like the other menus.
const MainNavMenu = lazy(() => import('./main-nav-menu.tsx').then((m) => ({ default: m.MainNavMenu })))

// Tailwind's `md` breakpoint: below it the sections are a menu.
const NARROW = '(max-width: 1279.98px)'

function subscribeNarrow(onChange: () => void) {
  if (typeof matchMedia !== 'function') return () => {}
  const media = matchMedia(NARROW)
  media.addEventListener('change', onChange)
  return () => media.removeEventListener('change', onChange)
}

/** Whether the screen is narrow; the menu's chunk is only loaded where it is shown. */
function useNarrowScreen(): boolean {
  return useSyncExternalStore(
    subscribeNarrow,
    () => typeof matchMedia === 'function' && matchMedia(NARROW).matches,
    () => false,
  )
}

/**
 * The workspace's sections: only those the role may open. Wide screens list them as links;
 * narrow ones (below `xl`, 1280 px) get a menu button instead, so the header never overflows.
 */
export function MainNav({ base, can }: { base: string; can: Capabilities }) {
  const items = navItems(base, can)
  const narrow = useNarrowScreen()
  return (
    <>
      {narrow ? (
        <div className="xl:hidden">
          <Suspense
            fallback={
              <Button variant="ghost" size="icon" aria-label="Main menu" disabled>
                <Menu />
              </Button>
            }
          >
            <MainNavMenu items={items} />
          </Suspense>
        </div>
      ) : null}
      <nav aria-label="Main" className="hidden gap-1 text-sm xl:flex">
        {items.map((item) => (
          <NavLink
            key={item.to}
            to={item.to}
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
    </>
  )
}
