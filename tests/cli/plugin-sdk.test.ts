// Through the package's own `exports`, the way a plugin names it.
import { defineModule, definePlugin, type ModuleContext } from 'plugboard/sdk'
import { expect, test } from 'vitest'

// The type errors below are the test as much as the assertions: `tsc -b` fails if the SDK stops
// refusing them (an unused @ts-expect-error is an error).
test('definePlugin and defineModule hand back what they are given, typed', async () => {
  const greeter = defineModule<{ greeting?: string }>({
    onLoad(config, context) {
      context.log.info(config.greeting ?? 'Hello')
      context.reportStatus('degraded', 'no token')
      // @ts-expect-error a status the host does not know
      context.reportStatus('sleepy')
    },
  })
  const plugin = definePlugin({
    modules: { greeter },
    healthCheck: () => ({ status: 'healthy' as const }),
    tools: { greet: ({ name = 'world' }: { name?: string }) => ({ message: `Hello, ${name}!` }) },
  })
  expect(plugin.modules.greeter).toBe(greeter)
  expect(await plugin.tools.greet({ name: 'Ada' })).toEqual({ message: 'Hello, Ada!' })

  const said: unknown[] = []
  const context: ModuleContext = {
    pluginId: 'acme/test',
    moduleId: 'greeter',
    dataDir: '.',
    log: { info: (...args) => said.push(...args), warn() {}, error() {} },
    reportStatus: (status, message) => said.push(status, message),
  }
  await greeter.onLoad({ greeting: 'Hi' }, context)
  expect(said.slice(0, 3)).toEqual(['Hi', 'degraded', 'no token'])

  // Dev mode's hooks, on a module and on the plugin, each with the snapshot shape it declares.
  let count = 0
  const counter = defineModule<{ step?: number }, { count: number }>({
    onLoad(config) {
      count += config.step ?? 1
    },
    onSnapshot: () => ({ count }),
    onRestore(state) {
      count += state.count
    },
  })
  const reloadable = definePlugin({
    modules: { counter },
    onSnapshot: () => ({ since: 'install' }),
    async onRestore(state: { since: string }) {
      said.push(state.since)
    },
  })
  await reloadable.modules.counter.onLoad({}, context)
  await reloadable.modules.counter.onRestore?.({ count: 2 })
  await reloadable.onRestore(reloadable.onSnapshot())
  expect([counter.onSnapshot?.(), said.at(-1)]).toEqual([{ count: 3 }, 'install'])
  // @ts-expect-error a module's onRestore gets the shape its onSnapshot gives
  defineModule<{ step?: number }, { count: number }>({ onLoad() {}, onRestore(_state: { n: string }) {} })

  // @ts-expect-error a module needs onLoad
  definePlugin({ modules: { greeter: { onDestroy() {} } } })
  // @ts-expect-error a health check answers one of the three statuses
  definePlugin({ modules: {}, healthCheck: () => 'fine' })
})
