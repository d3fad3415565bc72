import { render, screen } from '@testing-library/react'
import { expect, test } from 'vitest'
import type { TaskItem } from '#core/api/task-schemas.ts'
import { summarizeTask } from '#core/tasks/task-summary.ts'
import { makeItem, makeTask } from '#src/test/fixtures.ts'
import { TaskItemRow } from './task-item-row.tsx'

function summary(item: TaskItem) {
  const [summarized] = summarizeTask(makeTask('t1', [item])).items
  if (!summarized) throw new Error('no item')
  return summarized
}

test('cluster mode: an item names the node that runs it', () => {
  render(
    <ul>
      <TaskItemRow
        workspaceId="default"
        taskId="t1"
        item={summary(makeItem('i1', 'running', { pluginName: 'Weather', node: 'node-b' }))}
      />
    </ul>,
  )
  expect(screen.getByRole('listitem')).toHaveTextContent('Weather')
  expect(screen.getByText('node-b').parentElement).toHaveTextContent('· on node-b')
  expect(screen.getByTitle('Node node-b runs this item')).toBeInTheDocument()
})

test('a single server: no node on the item', () => {
  render(
    <ul>
      <TaskItemRow
        workspaceId="default"
        taskId="t1"
        item={summary(makeItem('i1', 'success', { pluginName: 'Weather' }))}
      />
    </ul>,
  )
  expect(screen.getByRole('listitem')).not.toHaveTextContent(' on ')
})
