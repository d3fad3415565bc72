import { isRouteErrorResponse, Link, useRouteError } from 'react-router'
import { StateMessage } from '#src/components/ui/state-message.tsx'

/** Shown when a route fails to render or its lazy chunk fails to load (e.g. after a deploy). */
export function RouteError() {
  const error = useRouteError()
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unknown error'
  return (
    <div className="mx-auto max-w-xl p-8">
      <StateMessage title="Something went wrong" tone="danger" role="alert">
        <p className="text-sm">{message}</p>
        <div className="flex gap-3 text-sm">
          <button
            type="button"
            className="text-sky-700 hover:underline dark:text-sky-400"
            onClick={() => window.location.reload()}
          >
            Reload
          </button>
          <Link to="/" className="text-sky-700 hover:underline dark:text-sky-400">
            Go to the plugins
          </Link>
        </div>
      </StateMessage>
    </div>
  )
}
