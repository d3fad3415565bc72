import { readdirSync, readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Plugin } from '#core/api/plugin-schemas.ts'

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string)

function row(plugin: Plugin): string {
  return `<tr class="h-12 border-b border-zinc-100">
<td class="truncate px-3"><a href="#${escapeHtml(plugin.id)}" class="font-medium text-zinc-900 hover:underline">${escapeHtml(plugin.name)}</a><span class="ml-2 font-mono text-xs">${escapeHtml(plugin.pluginId)}</span></td>
<td class="px-3 font-mono text-xs">${escapeHtml(plugin.version)}</td>
<td class="px-3"><span class="inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium">${escapeHtml(plugin.status)}</span></td>
<td class="px-3"><span class="inline-flex items-center gap-1.5 text-xs capitalize">${escapeHtml(plugin.health)}</span></td>
<td class="px-3"></td><td class="px-3"></td></tr>`
}

/**
 * The floor the console is measured against: the same rows as plain HTML with the console's own
 * stylesheet, no script at all; a list longer than 100 rows sits in a scroll box as the console's does.
 */
export function staticPage(plugins: Plugin[], css: string): string {
  const scroll = plugins.length > 100 ? ' style="max-height:70vh;overflow:auto"' : ''
  return `<!doctype html><html lang="en"><head><meta charset="UTF-8"><title>Plugins</title>
<link rel="stylesheet" href="/${css}"></head><body><main class="mx-auto max-w-7xl px-4 py-6">
<h1 class="text-lg font-semibold">Plugins</h1><div${scroll}>
<table class="w-full table-fixed border-collapse text-sm"><thead><tr><th>Plugin</th><th>Version</th><th>Status</th><th>Health</th><th>Activity</th><th></th></tr></thead>
<tbody>${plugins.map(row).join('')}</tbody></table></div></main></body></html>`
}

/** A bare node:http server: each path answers its page; the console's stylesheet from `distDir`. */
export async function serveStatic(
  distDir: string,
  pages: Record<string, (css: string) => string>,
): Promise<{ url: string; close(): Promise<void> }> {
  const cssName = readdirSync(join(distDir, 'assets')).find((name) => name.endsWith('.css'))
  if (!cssName) throw new Error(`no stylesheet in ${distDir}/assets`)
  const css = readFileSync(join(distDir, 'assets', cssName))
  const bodies = new Map(Object.entries(pages).map(([path, page]) => [path, page(`assets/${cssName}`)]))
  const server = http.createServer((request, response) => {
    const path = request.url ?? ''
    if (path === `/assets/${cssName}`) {
      response.writeHead(200, { 'content-type': 'text/css' }).end(css)
      return
    }
    const body = bodies.get(path)
    if (body === undefined) response.writeHead(404).end()
    else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
