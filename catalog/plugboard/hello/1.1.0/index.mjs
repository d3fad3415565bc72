// plugboard/hello 1.1.0: the reference plugin. Two modules with settings, a health check and one tool.
// The greeter takes new settings live (onConfigChange); the clock has no hook, so changing it
// restarts the worker.
/** @import { PluginDefinition } from '../../../../sdk/plugin-sdk.ts' */
const LOCALES = ['en', 'fr', 'de', 'es']
let greeting = 'Hello'
let locale = 'en'
let hasToken = false
let ticks = 0
/** @type {NodeJS.Timeout | undefined} */
let timer

/** Checks and takes the greeter's settings; throws (refusing them) for a locale it does not speak. */
function takeGreeterConfig(config) {
  const next = typeof config.locale === 'string' ? config.locale : 'en'
  if (!LOCALES.includes(next)) {
    throw new Error(`unsupported locale "${next}" (the greeter speaks ${LOCALES.join(', ')})`)
  }
  locale = next
  greeting = typeof config.greeting === 'string' ? config.greeting : 'Hello'
  // A token is a secret: the plugin uses it and never prints it.
  hasToken = typeof config.apiToken === 'string' && config.apiToken.length > 0
  console.log(
    `greeter ready with greeting "${greeting}" (locale ${locale}, token ${hasToken ? 'set' : 'not set'})`,
  )
}

export default /** @satisfies {PluginDefinition} */ ({
  modules: {
    greeter: {
      onLoad(config) {
        takeGreeterConfig(config)
      },
      onConfigChange(config) {
        takeGreeterConfig(config)
      },
      onDestroy() {
        console.log('greeter stopped')
      },
    },
    clock: {
      async onLoad(config) {
        // A background module: a timer that must not keep the worker alive on its own.
        const every = typeof config.tickMs === 'number' ? config.tickMs : 1000
        timer = setInterval(() => ticks++, every)
        timer.unref()
      },
      onDestroy() {
        clearInterval(timer)
      },
    },
  },
  healthCheck() {
    return { status: 'healthy', message: `uptime ticks: ${ticks}` }
  },
  tools: {
    greet({ name = 'world' } = {}) {
      return { message: `${greeting}, ${name}!`, locale, tokenSet: hasToken, version: '1.1.0' }
    },
  },
})
