import { screen } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import type { Update } from '#core/api/update-schemas.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'
import { UpdatePreviewDialog } from './update-preview-dialog.tsx'

const update = (name: string, trust: Update['trust']): Update => ({
  pluginId: `plg_${name}`,
  pluginRef: `acme/${name}`,
  name,
  sourceId: 'src_corp',
  installedVersion: '1.0.0',
  version: '1.1.0',
  jump: 'minor',
  addedCapabilities: [],
  removedCapabilities: [],
  configChanges: [],
  changelog: null,
  pinned: false,
  policyVersion: null,
  trust,
})

const trust = (signature: 'signed' | 'invalid' | 'unsigned', provenance = false) => ({
  version: '1.1.0',
  signature,
  registry: 'npm.corp.example',
  keyId: signature === 'unsigned' ? null : 'SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA',
  reason: signature === 'invalid' ? 'the signature does not match' : null,
  provenance,
})

describe('the update preview', () => {
  test('says for each offered version whether its registry signed it, and whether it has provenance', async () => {
    renderWithApp(
      <UpdatePreviewDialog
        open
        pending={false}
        onOpenChange={() => {}}
        onConfirm={() => {}}
        updates={[
          update('Signed', trust('signed', true)),
          update('Tampered', trust('invalid')),
          update('Plain', trust('unsigned')),
          update('Unchecked', null),
        ]}
      />,
    )
    const items = await screen.findAllByRole('listitem')
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringContaining(
        'signed by npm.corp.example (key SHA256:jl3bwswu80P…)provenance (not verified)',
      ),
      expect.stringContaining('signature invalid'),
      expect.stringContaining('unsigned'),
      expect.not.stringMatching(/signed|signature|provenance/),
    ])
    expect(screen.getByText(/signature invalid/).closest('[title]')).toHaveAttribute(
      'title',
      'the signature does not match',
    )
  })
})
