import { describe, expect, test } from 'vitest'
import { ACTION_RULES, actionsFor, canPerform, PLUGIN_ACTIONS } from './plugin-actions.ts'
import { canTransition, PLUGIN_STATUSES, type PluginStatus } from './plugin-status.ts'

// docs/lifecycle.md, written out as the full from × to matrix: `true` where the table allows the move.
const ALLOWED: Record<PluginStatus, PluginStatus[]> = {
  installed: ['ready', 'error', 'uninstalled'],
  ready: ['ready', 'disabled', 'error', 'upgrade_pending', 'uninstalled'],
  disabled: ['ready', 'error', 'uninstalled'],
  error: ['ready', 'disabled', 'uninstalled'],
  upgrade_pending: ['ready', 'upgrade_pending', 'error', 'uninstalled'],
  uninstalled: ['installed', 'uninstalled'],
}

const matrix = PLUGIN_STATUSES.flatMap((from) =>
  PLUGIN_STATUSES.map((to) => ({ from, to, allowed: ALLOWED[from].includes(to) })),
)

describe('the plugin lifecycle table', () => {
  test('covers every pair of the 6 statuses', () => {
    expect(matrix).toHaveLength(36)
  })

  test.each(matrix)('$from → $to allowed: $allowed', ({ from, to, allowed }) => {
    expect(canTransition(from, to)).toBe(allowed)
  })
})

describe('plugin actions', () => {
  test.each(PLUGIN_ACTIONS)('every status %s starts from may legally reach its target', (action) => {
    const rule = ACTION_RULES[action]
    for (const from of rule.from) expect(canTransition(from, rule.to)).toBe(true)
  })

  test.each([
    ['installed', ['uninstall']],
    ['ready', ['disable', 'restart', 'upgrade', 'uninstall']],
    ['disabled', ['enable', 'uninstall']],
    ['error', ['enable', 'disable', 'uninstall']],
    ['upgrade_pending', ['upgrade', 'approve', 'reject', 'uninstall']],
    ['uninstalled', ['reinstall', 'purge']],
  ] as const)('a %s plugin offers %j', (status, actions) => {
    expect(actionsFor(status)).toEqual(actions)
  })

  test('a disabled plugin cannot be restarted', () => {
    expect(canPerform('restart', 'disabled')).toBe(false)
  })

  test('only a soft-uninstalled plugin is purged on its own; any other purges with its uninstall', () => {
    expect(PLUGIN_STATUSES.filter((status) => canPerform('purge', status))).toEqual(['uninstalled'])
    expect(canPerform('uninstall', 'uninstalled')).toBe(false)
  })
})
