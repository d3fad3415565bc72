import { Link } from 'react-router'
import { StateMessage } from '#src/components/ui/state-message.tsx'

export function NotFound() {
  return (
    <StateMessage title="Page not found">
      <p className="text-sm">There is nothing at this address.</p>
      <Link to="/" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
        Go to the plugins
      </Link>
    </StateMessage>
  )
}
