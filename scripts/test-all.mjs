#!/usr/bin/env node
// `npm test`: every check the project has. The type check and lint, the unit and component tests,
// the production build and its bundle budget, then the end-to-end tests in Chromium. Without
// Chromium the e2e part is skipped loudly; with CI=true (or PLUGBOARD_REQUIRE_E2E=1) a missing
// Chromium is a failure.
//
// Every stage runs, even after one failed (a stage whose input failed is reported as not run), so
// the closing line `plugboard: N passed, N failed` always tells the truth: the tests each Vitest
// stage counted (read from its JSON report, also when it failed), plus one failure for each other
// stage that failed. Stages of one phase run at the same time: none of them measures time, and on a
// busy 2-core machine each pair took about 40 % less wall time together than one after the other.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromiumPath } from './chromium-path.mjs'

const reports = mkdtempSync(join(tmpdir(), 'plugboard-test-'))
const browser = chromiumPath()
const requireE2e = process.env.CI === 'true' || process.env.PLUGBOARD_REQUIRE_E2E === '1'

/** A command line (split at spaces) that passes when it exits 0 and leaves `produces` behind. */
const command =
  (line, produces) =>
  async ({ output }) => {
    const [name, ...args] = line.split(' ')
    const code = await exec(name, args, output)
    if (code !== 0) return { failed: 1, note: `exit ${code}` }
    if (produces && !existsSync(produces)) return { failed: 1, note: `${produces} is missing` }
    return { failed: 0 }
  }

/** A Vitest run whose tests are counted from its JSON report, whether it passed or not. */
const vitest =
  (...args) =>
  async ({ title, output }) => {
    const file = join(reports, `${title.replaceAll(/\W+/g, '-')}.json`)
    const reporters = ['--reporter=default', '--reporter=json', `--outputFile.json=${file}`]
    const code = await exec('npx', ['vitest', 'run', ...args, ...reporters], output)
    if (!existsSync(file)) return { failed: 1, note: `exit ${code}, no test report` }
    const report = JSON.parse(readFileSync(file, 'utf8'))
    const counted = { passed: report.numPassedTests, failed: report.numFailedTests }
    // A file that did not load, or an error outside any test, fails the run without failing a test.
    if (code !== 0 && counted.failed === 0)
      return { ...counted, failed: 1, note: `exit ${code} outside the tests` }
    return code === 0 ? counted : { ...counted, note: `exit ${code}` }
  }

/** Stands in for the e2e tests when Chromium is missing: a failure where e2e is required. */
const noBrowser = async () => {
  const message =
    "Chromium was not found (install Debian's `chromium` or set CHROMIUM_PATH): the END-TO-END TESTS DID NOT RUN."
  console.error(`\n${'!'.repeat(100)}\n${message}\n${'!'.repeat(100)}`)
  return requireE2e ? { failed: 1, note: 'Chromium missing' } : { skipped: 'Chromium missing' }
}

// One line per check, in the order that fails fastest. Stages with the same `phase` run together;
// a stage with `needs` runs only when those stages passed.
const MOCK_BUILD = 'npx vite build --mode mock --outDir dist-mock --logLevel warn'
const stages = [
  { phase: 1, title: 'type check', run: command('npx tsc -b') },
  { phase: 1, title: 'lint', run: command('npx biome check .') },
  { phase: 1, title: 'untyped files, unused code', run: command('npm run --silent lint:project') },
  { phase: 2, title: 'unit and component tests', run: vitest() },
  { phase: 3, title: 'production build', run: command('npx vite build --logLevel warn', 'dist/index.html') },
  ...(browser ? [{ phase: 3, title: 'mock-mode build for e2e', run: command(MOCK_BUILD) }] : []),
  {
    phase: 4,
    title: 'bundle budget',
    needs: ['production build'],
    run: command('node scripts/check-bundle.mjs dist'),
  },
  browser
    ? {
        phase: 5,
        title: 'end-to-end tests',
        needs: ['production build', 'mock-mode build for e2e'],
        run: vitest('--config', 'vitest.e2e.config.ts'),
      }
    : { phase: 5, title: 'end-to-end tests', run: noBrowser },
]

/** Runs a child process; its output goes to ours, or into `output` when stages share the screen. */
function exec(name, args, output) {
  return new Promise((resolve) => {
    const child = spawn(name, args, { stdio: output ? ['ignore', 'pipe', 'pipe'] : 'inherit' })
    child.stdout?.on('data', (chunk) => output?.push(chunk))
    child.stderr?.on('data', (chunk) => output?.push(chunk))
    child.once('error', (error) => {
      output?.push(Buffer.from(`${error.message}\n`))
      resolve(-1)
    })
    child.once('close', (code, signal) => resolve(code ?? signal))
  })
}

const results = new Map()

async function runStage(stage, together) {
  const blocked = (stage.needs ?? []).filter((title) => results.get(title)?.status !== 'passed')
  if (blocked.length > 0) {
    results.set(stage.title, { status: 'not run', note: `needs ${blocked.join(', ')}` })
    return
  }
  const output = together ? [] : undefined
  if (!together) console.log(`\n▶ ${stage.title}`)
  const started = performance.now()
  let outcome
  try {
    outcome = await stage.run({ title: stage.title, output })
  } catch (error) {
    outcome = { failed: 1, note: error instanceof Error ? error.message : String(error) }
  }
  const seconds = Math.round((performance.now() - started) / 1000)
  const status = outcome.skipped ? 'skipped' : outcome.failed > 0 ? 'failed' : 'passed'
  results.set(stage.title, { ...outcome, status, seconds, note: outcome.note ?? outcome.skipped })
  if (together) {
    console.log(`\n▶ ${stage.title} (${seconds} s, alongside other stages)`)
    process.stdout.write(Buffer.concat(output))
  }
  if (status === 'failed') console.error(`\n✖ ${stage.title} failed (${outcome.note})`)
}

const started = performance.now()
for (const phase of [...new Set(stages.map((stage) => stage.phase))]) {
  const group = stages.filter((stage) => stage.phase === phase)
  await Promise.all(group.map((stage) => runStage(stage, group.length > 1)))
}

// The stages, then the plain closing line CI reads.
const counts = { passed: 0, failed: 0 }
console.log('\nstage                       result    tests passed  failed   time')
for (const { title } of stages) {
  const result = results.get(title)
  counts.passed += result.passed ?? 0
  counts.failed += result.failed ?? 0
  const columns = [
    title.padEnd(27),
    result.status.padEnd(9),
    String(result.passed ?? '').padStart(12),
    String(result.passed !== undefined || result.failed ? result.failed : '').padStart(7),
    result.seconds === undefined ? '       ' : `${String(result.seconds).padStart(5)} s`,
  ]
  console.log(`${columns.join(' ')}${result.note ? `  ${result.note}` : ''}`)
}
rmSync(reports, { recursive: true, force: true })
console.log(`total wall time ${Math.round((performance.now() - started) / 1000)} s`)
console.log(`\nplugboard: ${counts.passed} passed, ${counts.failed} failed`)
const allPassed = [...results.values()].every(
  (result) => result.status !== 'failed' && result.status !== 'not run',
)
process.exit(counts.failed === 0 && allPassed ? 0 : 1)
