import { useQuery } from '@tanstack/react-query'
import { Plug } from 'lucide-react'
import { type FormEvent, type ReactNode, useId, useState } from 'react'
import type { Me } from '#core/api/auth-schemas.ts'
import { Button } from '#src/components/ui/button.tsx'
import { Input } from '#src/components/ui/input.tsx'
import { Skeleton } from '#src/components/ui/skeleton.tsx'
import { authQueries, useSignIn } from '../api/auth-queries.ts'

/** Sign-in, or on a server with no user yet the first-run form that creates the owner (docs/accounts.md). */
export function SignInPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const setup = useQuery(authQueries.setupStatus())
  return (
    <div className="flex min-h-screen items-center justify-center bg-zinc-50 p-4 dark:bg-zinc-900">
      <div className="w-full max-w-sm rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-950">
        <p className="mb-4 flex items-center gap-2 font-semibold">
          <Plug aria-hidden className="size-4" /> Plugboard
        </p>
        {setup.isPending ? (
          <Skeleton className="h-40" />
        ) : setup.data?.setupRequired ? (
          <SetupForm onSignedIn={onSignedIn} />
        ) : (
          <LoginForm onSignedIn={onSignedIn} />
        )}
      </div>
    </div>
  )
}

function LoginForm({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const signIn = useSignIn()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  function submit(event: FormEvent) {
    event.preventDefault()
    signIn.mutate({ kind: 'login', body: { email, password } }, { onSuccess: onSignedIn })
  }
  return (
    <form onSubmit={submit} className="flex flex-col gap-3">
      <h1 className="text-lg font-semibold">Sign in</h1>
      <Field label="Email">
        {(id) => (
          <Input
            id={id}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        )}
      </Field>
      <Field label="Password">
        {(id) => (
          <Input
            id={id}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      <FormError error={signIn.error} />
      <Button type="submit" variant="primary" disabled={signIn.isPending}>
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  )
}

function SetupForm({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const signIn = useSignIn()
  const [form, setForm] = useState({ email: '', name: '', password: '', workspaceName: 'Default workspace' })
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm({ ...form, [key]: event.target.value })
  function submit(event: FormEvent) {
    event.preventDefault()
    signIn.mutate({ kind: 'setup', body: form }, { onSuccess: onSignedIn })
  }
  return (
    <form onSubmit={submit} className="flex flex-col gap-3">
      <h1 className="text-lg font-semibold">Create the owner account</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        No one has signed up on this server yet. The first account owns it.
      </p>
      <Field label="Name">
        {(id) => <Input id={id} required autoComplete="name" value={form.name} onChange={set('name')} />}
      </Field>
      <Field label="Email">
        {(id) => (
          <Input
            id={id}
            type="email"
            required
            autoComplete="username"
            value={form.email}
            onChange={set('email')}
          />
        )}
      </Field>
      <Field label="Password (10 characters or more)">
        {(id) => (
          <Input
            id={id}
            type="password"
            required
            minLength={10}
            autoComplete="new-password"
            value={form.password}
            onChange={set('password')}
          />
        )}
      </Field>
      <Field label="Workspace name">
        {(id) => <Input id={id} required value={form.workspaceName} onChange={set('workspaceName')} />}
      </Field>
      <FormError error={signIn.error} />
      <Button type="submit" variant="primary" disabled={signIn.isPending}>
        Create account
      </Button>
    </form>
  )
}

function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId()
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      {children(id)}
    </div>
  )
}

function FormError({ error }: { error: Error | null }) {
  if (!error) return null
  return (
    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
      {error.message}
    </p>
  )
}
