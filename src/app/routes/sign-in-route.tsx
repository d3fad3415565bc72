import { useNavigate, useSearchParams } from 'react-router'
import { SignInPage } from '#src/features/auth/components/sign-in-page.tsx'
import { DEFAULT_WORKSPACE } from '../workspace.ts'

export function SignInRoute() {
  const navigate = useNavigate()
  const [params] = useSearchParams()
  return (
    <SignInPage
      onSignedIn={(me) => {
        // Only back into the app: `next` comes from the URL and must not send anyone elsewhere.
        const next = params.get('next')
        const fallback = `/w/${encodeURIComponent(me.workspaces[0]?.id ?? DEFAULT_WORKSPACE)}/plugins`
        navigate(next?.startsWith('/w/') ? next : fallback, { replace: true })
      }}
    />
  )
}
