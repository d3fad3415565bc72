import { buttonVariants } from '#src/components/ui/button.tsx'
import { cn } from '#src/lib/cn.ts'

// Shared by the header button and the lazily loaded popover trigger that replaces it, so the two
// look the same; its own file keeps the lazy import from becoming an import cycle.
export const taskButtonClass = cn(buttonVariants({ variant: 'ghost', size: 'md' }), 'gap-2')
