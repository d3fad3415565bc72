import { screen, within } from '@testing-library/react'
import { expect, test } from 'vitest'
import { makePlugin } from '#src/test/fixtures.ts'
import { renderWithApp } from '#src/test/test-utils.tsx'
import { PluginTable } from './plugin-table.tsx'

const headers = () => screen.getAllByRole('columnheader').map((header) => header.textContent)

test('a single server: no Node column', async () => {
  renderWithApp(<PluginTable workspaceId="default" plugins={[makePlugin()]} />)
  await screen.findByRole('table')
  expect(headers()).not.toContain('Node')
})

test('cluster mode: a Node column names the node each plugin runs on, a dash for none', async () => {
  renderWithApp(
    <PluginTable
      workspaceId="default"
      plugins={[
        makePlugin({ id: 'a', name: 'Alpha', node: 'node-a' }),
        makePlugin({ id: 'b', name: 'Beta', node: null }),
      ]}
    />,
  )
  await screen.findByRole('table')
  expect(headers()).toEqual(['Plugin', 'Version', 'Status', 'Health', 'Node', 'Activity', 'Actions'])
  const rows = screen.getAllByRole('row').slice(1)
  expect(within(rows[0] as HTMLElement).getAllByRole('cell')[4]).toHaveTextContent('node-a')
  expect(within(rows[1] as HTMLElement).getAllByRole('cell')[4]).toHaveTextContent('—')
})
