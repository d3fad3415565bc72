import { describe, expect, test } from 'vitest'
import { configChanges, insideWindow, policyVersion } from './update-rules.ts'

const installed = { version: '1.2.3', approvedCapabilities: ['a'] }
const versions = [
  { version: '1.2.4', capabilities: ['a'] },
  { version: '1.2.5', capabilities: ['a', 'b'] },
  { version: '1.3.0', capabilities: ['a'] },
  { version: '2.0.0', capabilities: ['a'] },
  { version: '1.4.0-rc.1', capabilities: ['a'] },
]

describe('policyVersion', () => {
  test.each([
    ['manual', false, null],
    ['patch', false, '1.2.4'],
    ['minor', false, '1.3.0'],
    ['minor', true, null],
  ] as const)('%s (pinned %s) → %s', (mode, pinned, expected) => {
    expect(policyVersion({ mode, window: null }, pinned, installed, versions)).toBe(expected)
  })

  test('never a new capability, never a major version', () => {
    const risky = [
      { version: '1.2.5', capabilities: ['a', 'b'] },
      { version: '2.0.0', capabilities: ['a'] },
    ]
    expect(policyVersion({ mode: 'minor', window: null }, false, installed, risky)).toBeNull()
  })
})

describe('insideWindow', () => {
  const at = (iso: string) => new Date(iso)
  test.each([
    ['02:00', '04:00', 'UTC', '2026-03-01T03:00:00Z', true],
    ['02:00', '04:00', 'UTC', '2026-03-01T04:00:00Z', false],
    ['02:00', '04:00', 'Europe/Berlin', '2026-03-01T01:30:00Z', true],
    ['02:00', '04:00', 'Europe/Berlin', '2026-03-01T03:30:00Z', false],
    ['22:00', '02:00', 'UTC', '2026-03-01T23:30:00Z', true],
    ['22:00', '02:00', 'UTC', '2026-03-01T01:59:00Z', true],
    ['22:00', '02:00', 'UTC', '2026-03-01T12:00:00Z', false],
  ])('%s–%s %s at %s → %s', (start, end, timeZone, when, expected) => {
    expect(insideWindow({ start, end, timeZone }, at(when))).toBe(expected)
  })

  test('no window: any time', () => {
    expect(insideWindow(null, new Date())).toBe(true)
  })
})

describe('configChanges', () => {
  test('names the modules whose settings schema appears, disappears or changes', () => {
    const schema = (field: string) => ({ type: 'object', properties: { [field]: { type: 'string' } } })
    const before = [
      { id: 'same', configSchema: schema('a') },
      { id: 'edited', configSchema: schema('a') },
      { id: 'dropped', configSchema: schema('a') },
      { id: 'plain' },
    ]
    const after = [
      { id: 'same', configSchema: schema('a') },
      { id: 'edited', configSchema: schema('b') },
      { id: 'plain', configSchema: schema('a') },
    ]
    expect(configChanges(before, after)).toEqual([
      { module: 'edited', change: 'changed' },
      { module: 'plain', change: 'added' },
      { module: 'dropped', change: 'removed' },
    ])
  })
})
