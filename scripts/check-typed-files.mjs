#!/usr/bin/env node
// Every TypeScript file in the repository, tests included, belongs to a project that `tsc -b`
// builds: a file outside all of them is never type-checked and its errors go unseen (Vitest and
// Vite strip types without checking them). Lists the files no project includes.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'

const root = process.cwd()
const tsc = resolve(root, 'node_modules/.bin/tsc')
const { references } = JSON.parse(readFileSync('tsconfig.json', 'utf8'))

const typed = new Set()
for (const { path } of references) {
  const listed = execFileSync(tsc, ['-p', path, '--listFilesOnly'], { encoding: 'utf8' })
  for (const file of listed.split('\n')) if (file) typed.add(relative(root, file.trim()))
}

const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => /\.(ts|tsx|mts|cts)$/.test(file))

const untyped = tracked.filter((file) => !typed.has(file))
if (untyped.length > 0) {
  console.error(`No TypeScript project (tsconfig.json's references) includes these files:`)
  for (const file of untyped) console.error(`  ${file}`)
  process.exit(1)
}
console.log(`Type-checked files: all ${tracked.length} TypeScript files belong to a project.`)
