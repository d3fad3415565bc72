import { fileURLToPath } from 'node:url'
import tailwindcss from '@tailwindcss/vite'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'
import { FIRST_LIST_SCRIPT } from './core/web/first-list-script.ts'
import { bundleReport } from './scripts/bundle-report-plugin.ts'

// react-router's package exports point every bundler condition at its development build (warnings,
// invariant messages, dev-only checks); a production build takes its production build instead.
const routerBuild = (file: string) =>
  fileURLToPath(new URL(`./node_modules/react-router/dist/production/${file}`, import.meta.url))

/**
 * The plugins page's first list, asked for while the JavaScript loads (core/web/first-list-script.ts).
 * Only in a build against the real server: the mock build answers from its service worker, which
 * is not yet there when the script runs. Inserted verbatim: the server's CSP allows it by its hash.
 */
function firstListFetch(): Plugin {
  return {
    name: 'plugboard-first-list',
    apply: (_config, env) => env.command === 'build' && env.mode !== 'mock',
    transformIndexHtml: () => [{ tag: 'script', children: FIRST_LIST_SCRIPT, injectTo: 'head-prepend' }],
  }
}

export default defineConfig(({ command }) => ({
  plugins: [react(), tailwindcss(), bundleReport(), firstListFetch()],
  resolve: {
    alias:
      command === 'build'
        ? [
            { find: /^react-router$/, replacement: routerBuild('index.mjs') },
            { find: /^react-router\/dom$/, replacement: routerBuild('dom-export.mjs') },
          ]
        : [],
  },
  server: {
    port: 5173,
    // `PLUGBOARD_API=http://localhost:8080 npm run dev:full` points the SPA at a running server instead of MSW.
    proxy: process.env.PLUGBOARD_API ? { '/api': process.env.PLUGBOARD_API } : undefined,
  },
  build: { sourcemap: true },
}))
