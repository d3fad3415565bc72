/**
 * Toasts without sonner in the entry chunk: the module loads on first use (and with the lazy
 * <Toaster />), keeping the initial JS within budget.
 */
type Kind = 'success' | 'error' | 'info'

export function notify(kind: Kind, message: string, description?: string) {
  void import('sonner').then(({ toast }) => {
    toast[kind](message, description ? { description } : undefined)
  })
}
