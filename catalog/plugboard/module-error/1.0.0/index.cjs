// plugboard/module-error: a CommonJS plugin whose `storage` module cannot start.
module.exports = {
  modules: {
    api: {
      onLoad() {
        console.log('api ready')
      },
    },
    storage: {
      async onLoad() {
        throw new Error('storage unavailable: connect ECONNREFUSED 127.0.0.1:5432')
      },
    },
  },
}
