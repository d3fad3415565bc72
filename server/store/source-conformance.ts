import { describe, expect, test } from 'vitest'
import type { SourceStore, UpdatePolicyStore } from '#server/app/sources/source-ports.ts'

interface Subject {
  sources: SourceStore
  policies: UpdatePolicyStore
  close(): Promise<void>
}

const source = (workspaceId: string, id: string) => ({
  id,
  workspaceId,
  name: `Registry ${id}`,
  url: `https://${id}.registry.test`,
  scope: null,
  sealedToken: id === 'src_a' ? 't1:iv:sealed' : null,
  signaturePolicy: id === 'src_b' ? ('require' as const) : ('off' as const),
  createdAt: '2026-03-01T12:00:00.000Z',
})

/** The same behaviour from every SourceStore / UpdatePolicyStore (memory, PGlite, PostgreSQL). */
export function describeSourceConformance(name: string, open: () => Promise<Subject>): void {
  describe(`registry sources and update policies (${name})`, () => {
    test('sources are per workspace, keep the sealed token as given, and remove once', async () => {
      const { sources, close } = await open()
      try {
        await sources.create(source('ws1', 'src_a'))
        await sources.create(source('ws1', 'src_b'))
        await sources.create(source('ws2', 'src_c'))
        expect((await sources.list('ws1')).map((s) => s.id)).toEqual(['src_a', 'src_b'])
        expect(await sources.get('ws1', 'src_a')).toEqual(source('ws1', 'src_a'))
        expect(await sources.get('ws2', 'src_a')).toBeNull()
        expect(await sources.remove('ws1', 'src_a')).toBe(true)
        expect(await sources.remove('ws1', 'src_a')).toBe(false)
        expect((await sources.list('ws1')).map((s) => s.id)).toEqual(['src_b'])
      } finally {
        await close()
      }
    })

    test("a source's signature policy is kept and changed; an unknown source changes nothing", async () => {
      const { sources, close } = await open()
      try {
        await sources.create(source('ws1', 'src_a'))
        await sources.create(source('ws1', 'src_b'))
        expect((await sources.get('ws1', 'src_a'))?.signaturePolicy).toBe('off')
        expect((await sources.get('ws1', 'src_b'))?.signaturePolicy).toBe('require')
        expect(await sources.setSignaturePolicy('ws1', 'src_a', 'show')).toBe(true)
        expect(await sources.setSignaturePolicy('ws2', 'src_a', 'require')).toBe(false)
        expect(await sources.get('ws1', 'src_a')).toEqual({
          ...source('ws1', 'src_a'),
          signaturePolicy: 'show',
        })
        expect((await sources.get('ws1', 'src_b'))?.signaturePolicy).toBe('require')
      } finally {
        await close()
      }
    })

    test('a policy is manual until set; pins are per workspace; automatic lists non-manual workspaces', async () => {
      const { policies, close } = await open()
      try {
        expect(await policies.get('ws1')).toEqual({ mode: 'manual', window: null })
        const window = { start: '22:00', end: '02:00', timeZone: 'UTC' }
        await policies.set('ws1', { mode: 'minor', window })
        await policies.set('ws2', { mode: 'manual', window: null })
        expect(await policies.get('ws1')).toEqual({ mode: 'minor', window })
        expect(await policies.automatic()).toEqual(['ws1'])
        await policies.setPinned('ws1', 'plg_1', true)
        await policies.setPinned('ws1', 'plg_1', true)
        await policies.setPinned('ws1', 'plg_2', true)
        await policies.setPinned('ws1', 'plg_2', false)
        expect([...(await policies.pins('ws1'))]).toEqual(['plg_1'])
        expect([...(await policies.pins('ws2'))]).toEqual([])
      } finally {
        await close()
      }
    })
  })
}
