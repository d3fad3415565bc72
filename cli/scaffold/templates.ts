import { HOST_VERSION } from '#core/manifest/semver.ts'

/** What a new plugin is called and where this checkout's SDK is, relative to the new folder. */
export interface ScaffoldInput {
  pluginId: string
  /** The plugin's display name, e.g. `Weather` for `acme/weather`. */
  title: string
  author: string
  /** Relative path from the new folder to this checkout (for `$schema`, the SDK and @types/node). */
  repo: string
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

export function manifestFile({ pluginId, title, author, repo }: ScaffoldInput): string {
  return json({
    $schema: `${repo}/sdk/plugin.schema.json`,
    id: pluginId,
    name: title,
    version: '0.1.0',
    description: `${title}: a Plugboard plugin.`,
    author,
    icon: null,
    categories: ['utilities'],
    capabilities: [],
    modules: [
      {
        id: 'greeter',
        name: 'Greeter',
        type: 'service',
        configSchema: {
          type: 'object',
          properties: {
            greeting: { type: 'string', title: 'Greeting', default: 'Hello', minLength: 1, maxLength: 80 },
            apiToken: {
              type: 'string',
              title: 'API token',
              description: 'Stored encrypted; the module receives it in plain text and never prints it.',
              format: 'password',
              writeOnly: true,
            },
          },
        },
      },
    ],
    main: 'dist/plugin.mjs',
    healthCheck: { intervalMs: 30000, timeoutMs: 5000, failureThreshold: 3, successThreshold: 1 },
    minHostVersion: HOST_VERSION,
  })
}

export function sourceFile(): string {
  return `import { defineModule, definePlugin, type ModuleLogger } from 'plugboard/sdk'

// The greeter's settings, as plugin.json's configSchema describes them.
type GreeterConfig = { greeting?: string; apiToken?: string }
// What the greeter hands over across a reload in dev mode (plain JSON).
type GreeterState = { loads: number }

let greeting = 'Hello'
// How many times this plugin's code has loaded. A reload in dev mode starts the new code in a
// fresh process, so it is carried over by onSnapshot and onRestore, the way a real plugin keeps
// its caches or sessions while its author edits it.
let loads = 0
let log: ModuleLogger | null = null

const greeter = defineModule<GreeterConfig, GreeterState>({
  onLoad(config, context) {
    greeting = config.greeting ?? 'Hello'
    loads += 1
    log = context.log
    // A secret is used, never printed.
    context.log.info(\`ready, token \${config.apiToken ? 'set' : 'not set'}\`)
    context.reportStatus('healthy', 'greeting')
  },
  onConfigChange(config) {
    greeting = config.greeting ?? 'Hello'
  },
  // Dev mode: asked on the old code just before it stops...
  onSnapshot() {
    return { loads }
  },
  // ...and given to the new code once it has loaded.
  onRestore(state) {
    loads += state.loads
    log?.info(\`\${greeting}: loaded \${loads} times, state kept\`)
  },
  onDestroy() {},
})

export default definePlugin({
  modules: { greeter },
  tools: {
    greet({ name = 'world' }: { name?: string }) {
      return { message: \`\${greeting}, \${name}!\` }
    },
  },
})
`
}

export function testFile(): string {
  return `import assert from 'node:assert/strict'
import { test } from 'node:test'
import plugin from '../src/index.ts'

const context = {
  pluginId: 'test/plugin',
  moduleId: 'greeter',
  dataDir: '.',
  log: { info() {}, warn() {}, error() {} },
  reportStatus() {},
}

test('the greet tool uses the configured greeting', async () => {
  await plugin.modules.greeter.onLoad({ greeting: 'Hi' }, context)
  assert.deepEqual(await plugin.tools.greet({ name: 'Ada' }), { message: 'Hi, Ada!' })
})

test('the load count is handed over across a reload', async () => {
  const { greeter } = plugin.modules
  await greeter.onLoad({}, context)
  const before = await greeter.onSnapshot?.()
  await greeter.onRestore?.({ loads: 3 })
  assert.deepEqual(await greeter.onSnapshot?.(), { loads: (before?.loads ?? 0) + 3 })
})
`
}

export function tsconfigFile({ repo }: ScaffoldInput): string {
  return json({
    compilerOptions: {
      target: 'ES2023',
      module: 'ESNext',
      moduleResolution: 'bundler',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      verbatimModuleSyntax: true,
      allowImportingTsExtensions: true,
      typeRoots: [`${repo}/node_modules/@types`],
      types: ['node'],
      paths: { 'plugboard/sdk': [`${repo}/sdk/plugin-sdk.ts`] },
    },
    include: ['src', 'test'],
  })
}

export function packageFile(): string {
  // Only for the author's tools (ES modules for the tests); `pack` leaves it out of the package.
  return json({ private: true, type: 'module' })
}

export function readmeFile({ pluginId, title }: ScaffoldInput): string {
  return `# ${title}

\`${pluginId}\`, a Plugboard plugin.

- \`plugin.json\`: the manifest (your editor checks it against the JSON Schema in \`$schema\`).
- \`src/index.ts\`: the modules, the health check and the tools, typed with \`plugboard/sdk\`.
  Every command builds it into the package's \`dist/plugin.mjs\`, the entry the worker loads.
- \`test/\`: tests on Node's test runner.

\`\`\`sh
npx plugboard-plugin test .      # manifest, types, tests, then a real worker and its health check
npx plugboard-plugin dev . --server <url> --token <api token>   # runs it, reloaded on every save
npx plugboard-plugin pack .      # the .tgz to upload in the console (Marketplace → Upload)
npx plugboard-plugin publish . --registry <url> --token <token>
\`\`\`

See the Plugboard plugin author guide (docs/plugin-authors.md).
`
}

export function changelogFile(): string {
  return `# Changelog

## 0.1.0

- First version: the greeter module and its \`greet\` tool.
`
}

export function gitignoreFile(): string {
  return 'dist/\n*.tgz\nnode_modules/\n'
}
