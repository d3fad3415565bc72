import { publishSamples } from './publish-samples.ts'
import { startVerdaccio } from './registry/verdaccio.ts'

// `npm run registry:demo`: a local npm registry (Verdaccio, from node_modules) with the sample
// plugins published to it, running until Ctrl-C. `--private` makes reading need a token.
const isPrivate = process.argv.includes('--private')
const registry = await startVerdaccio({ private: isPrivate })
const published = await publishSamples(registry.url, registry.token)
const reader = isPrivate ? await registry.addUser('reader', 'reader-password') : null
console.log(`Verdaccio is running at ${registry.url} with ${published.length} sample versions.`)
console.log('In the console: Marketplace → Sources → Add registry, with this URL')
if (reader) console.log(`and this token (it can read, not publish): ${reader}`)
console.log(`Publish more with: npx tsx scripts/publish-samples.ts ${registry.url} ${registry.token}`)
console.log('Ctrl-C stops it and removes its storage.')
const stop = () => {
  void registry.stop().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
