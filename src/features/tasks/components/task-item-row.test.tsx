import { render, screen } from '@testing-library/react'
import { expect, test } from 'vitest'
import { makeItem } from '#src/test/fixtures.ts'
import { TaskItemRow } from './task-item-row.tsx'

test('cluster mode: an item names the node that runs it', () => {
  render(
    <ul>
      <TaskItemRow item={makeItem('i1', 'running', { pluginName: 'Weather', node: 'node-b' })} />
    </ul>,
  )
  expect(screen.getByRole('listitem')).toHaveTextContent('Weather')
  expect(screen.getByText('node-b').parentElement).toHaveTextContent('· on node-b')
  expect(screen.getByTitle('Node node-b runs this item')).toBeInTheDocument()
})

test('a single server: no node on the item', () => {
  render(
    <ul>
      <TaskItemRow item={makeItem('i1', 'success', { pluginName: 'Weather' })} />
    </ul>,
  )
  expect(screen.getByRole('listitem')).not.toHaveTextContent(' on ')
})
