import { useQuery } from '@tanstack/react-query'
import { KeyRound, Trash2 } from 'lucide-react'
import { useId, useState } from 'react'
import { SIGNATURE_POLICIES, type SignaturePolicy } from '#core/api/signature-policies.ts'
import { Badge } from '#src/components/ui/badge.tsx'
import { Button } from '#src/components/ui/button.tsx'
import { Input, Select } from '#src/components/ui/input.tsx'
import { sourceQueries, useAddSource, useRemoveSource, useUpdateSource } from '../api/source-queries.ts'

/** What each signature policy does, as the select offers it. */
const POLICY_LABEL: Record<SignaturePolicy, string> = {
  off: 'Signatures: not checked',
  show: 'Signatures: shown',
  require: 'Signatures: required',
}

/** Where the marketplace's plugins come from: the local catalog and npm-compatible registries. */
export function SourcesPanel({ workspaceId, canManage }: { workspaceId: string; canManage: boolean }) {
  const sources = useQuery(sourceQueries.list(workspaceId))
  const add = useAddSource(workspaceId)
  const remove = useRemoveSource(workspaceId)
  const update = useUpdateSource(workspaceId)
  const [policy, setPolicy] = useState<SignaturePolicy>('off')
  const [name, setName] = useState('')
  const [url, setUrl] = useState('')
  const [token, setToken] = useState('')
  const ids = { name: useId(), url: useId(), token: useId(), policy: useId() }

  return (
    <details className="rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <summary className="cursor-pointer font-medium">Sources ({sources.data?.items.length ?? '…'})</summary>
      <ul className="mt-2 flex flex-col gap-1" aria-label="Sources">
        {sources.data?.items.map((source) => (
          <li key={source.id} className="flex items-center gap-2">
            <span className="font-medium">{source.name}</span>
            <span className="truncate font-mono text-xs text-zinc-500">{source.url ?? 'catalog folder'}</span>
            {source.hasToken ? (
              <Badge tone="muted">
                <KeyRound aria-hidden className="size-3" /> token set
              </Badge>
            ) : null}
            {source.kind === 'registry' ? (
              <Select
                aria-label={`Signature policy of ${source.name}`}
                className="h-7 w-auto text-xs"
                disabled={!canManage || update.isPending}
                value={source.signaturePolicy}
                onChange={(event) =>
                  update.mutate({ id: source.id, signaturePolicy: event.target.value as SignaturePolicy })
                }
              >
                {SIGNATURE_POLICIES.map((value) => (
                  <option key={value} value={value}>
                    {POLICY_LABEL[value]}
                  </option>
                ))}
              </Select>
            ) : null}
            {canManage && source.kind === 'registry' ? (
              <Button
                size="sm"
                variant="ghost"
                className="ml-auto"
                aria-label={`Remove ${source.name}`}
                onClick={() => remove.mutate(source.id)}
              >
                <Trash2 aria-hidden />
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {canManage ? (
        <form
          aria-label="Add a registry"
          className="mt-3 flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault()
            add.mutate(
              { name: name.trim(), url: url.trim(), signaturePolicy: policy, ...(token ? { token } : {}) },
              {
                onSuccess: () => {
                  setName('')
                  setUrl('')
                  setToken('')
                  setPolicy('off')
                },
              },
            )
          }}
        >
          <div className="flex flex-col gap-1">
            <label htmlFor={ids.name}>Name</label>
            <Input id={ids.name} required value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="flex min-w-64 flex-1 flex-col gap-1">
            <label htmlFor={ids.url}>Registry URL</label>
            <Input
              id={ids.url}
              type="url"
              required
              placeholder="https://registry.example.com"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={ids.token}>Token (optional)</label>
            <Input
              id={ids.token}
              type="password"
              autoComplete="off"
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={ids.policy}>Signatures</label>
            <Select
              id={ids.policy}
              value={policy}
              onChange={(e) => setPolicy(e.target.value as SignaturePolicy)}
            >
              <option value="off">Not checked</option>
              <option value="show">Verify and show</option>
              <option value="require">Require a valid signature</option>
            </Select>
          </div>
          <Button type="submit" variant="secondary" disabled={add.isPending}>
            Add registry
          </Button>
        </form>
      ) : null}
    </details>
  )
}
