// plugboard/hello 2.0.0: the reference plugin. Two modules, a health check and one tool.
let greeting = 'Hello'
let ticks = 0
let timer = null

export default {
  modules: {
    greeter: {
      onLoad(config) {
        if (typeof config.greeting === 'string') greeting = config.greeting
        console.log('greeter loaded with greeting', greeting)
      },
      onDestroy() {
        console.log('greeter stopped')
      },
    },
    clock: {
      async onLoad() {
        // A background module: a timer that must not keep the worker alive on its own.
        timer = setInterval(() => ticks++, 1000)
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
      return { message: `${greeting}, ${name}!`, version: '2.0.0' }
    },
  },
}
