import { runDev } from './commands/dev.ts'
import { runNew } from './commands/new.ts'
import { runPack } from './commands/pack.ts'
import { runPublish } from './commands/publish.ts'
import { runTest } from './commands/test.ts'

/** A command takes its own arguments and answers the exit code. */
type Command = { run(args: string[]): Promise<number>; usage: string; summary: string }

const COMMANDS: Record<string, Command> = {
  new: {
    run: runNew,
    usage: 'new <org/name> [--dir <folder>] [--author <text>]',
    summary: 'scaffold a plugin: plugin.json, a TypeScript module on the SDK, a test, README, CHANGELOG',
  },
  test: {
    run: runTest,
    usage: 'test [dir]',
    summary: "check the manifest and types, run the plugin's tests, load it in a real worker, ask its health",
  },
  dev: {
    run: runDev,
    usage: 'dev <dir> --server <url> --token <token> [--workspace <ws>]',
    summary: 'run the plugin on a dev server, reloading on every save',
  },
  pack: {
    run: runPack,
    usage: 'pack [dir] [--out <file.tgz>]',
    summary: 'build a .tgz that passes the server checks; prints its path and sha256',
  },
  publish: {
    run: runPublish,
    usage: 'publish [dir] --registry <url> --token <token>',
    summary: 'publish the package to an npm-compatible registry',
  },
}

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  plugboard-plugin ${c.usage}\n      ${c.summary}`)
  return `usage:\n${lines.join('\n')}\n\nThe guide: docs/plugin-authors.md`
}

/** Runs one command line; answers the process exit code (2 for a usage error). */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...args] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage())
    return name ? 0 : 2
  }
  const command = COMMANDS[name]
  if (!command) {
    console.error(`unknown command "${name}"\n${usage()}`)
    return 2
  }
  try {
    return await command.run(args)
  } catch (error) {
    // node:util parseArgs refuses unknown options and missing values: a usage error.
    if (String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n${usage()}`)
      return 2
    }
    console.error(`plugboard-plugin ${name}: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
}
