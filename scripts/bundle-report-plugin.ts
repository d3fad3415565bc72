import type { Plugin } from 'vite'

/**
 * Writes `.vite/bundle-report.json` next to the build: for every chunk, whether it is an entry,
 * what it imports statically, and which source modules it holds. The bundle check reads it to
 * measure the initial JavaScript and to prove which libraries stayed out of it.
 */
export function bundleReport(): Plugin {
  return {
    name: 'plugboard-bundle-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((output) =>
        output.type === 'chunk'
          ? [
              {
                fileName: output.fileName,
                isEntry: output.isEntry,
                imports: output.imports,
                dynamicImports: output.dynamicImports,
                modules: Object.keys(output.modules),
              },
            ]
          : [],
      )
      this.emitFile({
        type: 'asset',
        fileName: '.vite/bundle-report.json',
        source: JSON.stringify({ chunks }, null, 2),
      })
    },
  }
}
