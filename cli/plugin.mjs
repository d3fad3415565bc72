#!/usr/bin/env node
// The `plugboard-plugin` command (package.json `bin`): the CLI is TypeScript, run through tsx, which
// is already one of the project's dependencies.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('./main.ts')
process.exitCode = await runCli(process.argv.slice(2))
