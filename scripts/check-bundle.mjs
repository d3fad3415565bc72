#!/usr/bin/env node
// Checks the production build: the initial JavaScript (the entry chunk and everything it imports
// statically) fits the budget, and no chunk at all holds MSW, Hono or zod (the SPA takes plain
// constants from core, never its schemas). Prints the figures.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const BUDGET_KB = 150
const root = process.cwd().replaceAll('\\', '/')
const FORBIDDEN = [
  '/node_modules/msw/',
  '/node_modules/@mswjs/',
  '/node_modules/hono/',
  '/node_modules/zod/',
  `${root}/mocks/`,
  `${root}/server/`,
]
const outDir = process.argv[2] ?? 'dist'

const { chunks } = JSON.parse(readFileSync(join(outDir, '.vite/bundle-report.json'), 'utf8'))
const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]))

const initial = new Set()
const visit = (fileName) => {
  if (initial.has(fileName)) return
  initial.add(fileName)
  for (const imported of byName.get(fileName)?.imports ?? []) visit(imported)
}
for (const chunk of chunks) if (chunk.isEntry) visit(chunk.fileName)

const gzipKb = (fileName) => gzipSync(readFileSync(join(outDir, fileName))).length / 1024
const initialKb = [...initial].reduce((sum, fileName) => sum + gzipKb(fileName), 0)
const totalKb = chunks.reduce((sum, chunk) => sum + gzipKb(chunk.fileName), 0)

const leaks = chunks.flatMap((chunk) =>
  chunk.modules
    .filter((id) => FORBIDDEN.some((part) => id.replaceAll('\\', '/').includes(part)))
    .map((id) => `${chunk.fileName}: ${id}`),
)

console.log(
  `bundle: initial JS ${initialKb.toFixed(1)} kB gzip in ${initial.size} chunk(s) (budget ${BUDGET_KB} kB)`,
)
console.log(`bundle: all JS ${totalKb.toFixed(1)} kB gzip in ${chunks.length} chunk(s)`)
let failed = false
if (initialKb > BUDGET_KB) {
  console.error(`bundle: initial JS is over budget by ${(initialKb - BUDGET_KB).toFixed(1)} kB`)
  failed = true
}
if (leaks.length > 0) {
  console.error(
    `bundle: the production build holds mock, server or schema code:\n  ${leaks.slice(0, 20).join('\n  ')}`,
  )
  failed = true
}
if (!failed) console.log('bundle: no MSW, Hono, zod, mocks/ or server/ module in any chunk')
process.exit(failed ? 1 : 0)
