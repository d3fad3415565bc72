#!/usr/bin/env node
// `npm test`: every check the project has, in the order that fails fastest.
// Unit and component tests, the type check and lint, the production build and its bundle
// budget, then the end-to-end tests in Chromium. Without Chromium the e2e part is skipped
// loudly; with CI=true (or PLUGBOARD_REQUIRE_E2E=1) a missing Chromium is a failure.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromiumPath } from './chromium-path.mjs'

const reports = mkdtempSync(join(tmpdir(), 'plugboard-test-'))
const counts = { passed: 0, failed: 0 }

function run(title, command, args, env = {}) {
  console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed (exit ${result.status ?? result.signal})`)
    summarize()
    process.exit(1)
  }
}

function vitest(title, args) {
  const file = join(reports, `${title.replaceAll(/\W+/g, '-')}.json`)
  run(title, 'npx', [
    'vitest',
    'run',
    ...args,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${file}`,
  ])
  const report = JSON.parse(readFileSync(file, 'utf8'))
  counts.passed += report.numPassedTests
  counts.failed += report.numFailedTests
}

function summarize() {
  // The plain closing line CI reads.
  console.log(`\nplugboard: ${counts.passed} passed, ${counts.failed} failed`)
}

run('type check', 'npx', ['tsc', '-b'])
run('lint', 'npx', ['biome', 'check', '.'])
run('untyped files, unused code and dependencies', 'npm', ['run', '--silent', 'lint:project'])
vitest('unit and component tests', [])
run('production build', 'npx', ['vite', 'build', '--logLevel', 'warn'])
run('bundle budget', 'node', ['scripts/check-bundle.mjs', 'dist'])

const browser = chromiumPath()
const requireE2e = process.env.CI === 'true' || process.env.PLUGBOARD_REQUIRE_E2E === '1'
if (!browser) {
  const message =
    "Chromium was not found (install Debian's `chromium` or set CHROMIUM_PATH): the END-TO-END TESTS DID NOT RUN."
  console.error(`\n${'!'.repeat(100)}\n${message}\n${'!'.repeat(100)}`)
  if (requireE2e) {
    summarize()
    process.exit(1)
  }
} else {
  run('mock-mode build for e2e', 'npx', [
    'vite',
    'build',
    '--mode',
    'mock',
    '--outDir',
    'dist-mock',
    '--logLevel',
    'warn',
  ])
  vitest('end-to-end tests', ['--config', 'vitest.e2e.config.ts'])
}
if (!existsSync('dist/index.html')) process.exit(1)
summarize()
