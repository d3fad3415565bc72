import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { spaNeedsBuild } from './spa-build.ts'

const roots: string[] = []
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

function project() {
  const root = mkdtempSync(join(tmpdir(), 'plugboard-spa-'))
  roots.push(root)
  mkdirSync(join(root, 'src'))
  writeFileSync(join(root, 'src', 'main.tsx'), 'export {}')
  return root
}
const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds)

test('dist/ missing → build; newer than every source → no build; a source edited since → build', () => {
  const root = project()
  const dist = join(root, 'dist')
  expect(spaNeedsBuild(dist, root)).toBe(true)
  mkdirSync(dist)
  writeFileSync(join(dist, 'index.html'), '<!doctype html>')
  at(join(root, 'src', 'main.tsx'), 1_000)
  at(join(root, 'src'), 1_000)
  at(join(dist, 'index.html'), 2_000)
  expect(spaNeedsBuild(dist, root)).toBe(false)
  at(join(root, 'src', 'main.tsx'), 3_000)
  expect(spaNeedsBuild(dist, root)).toBe(true)
})
