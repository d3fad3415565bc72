import { Button } from './button.tsx'
import { StateMessage } from './state-message.tsx'

/** A query that failed: what could not be loaded, the server's message, and a retry. */
export function LoadError({ title, error, onRetry }: { title: string; error: Error; onRetry: () => void }) {
  return (
    <StateMessage title={title} tone="danger" role="alert">
      <p className="text-sm">{error.message}</p>
      <Button size="sm" onClick={onRetry}>
        Retry
      </Button>
    </StateMessage>
  )
}
