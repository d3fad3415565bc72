import { SESSION_COOKIE } from '#core/api/auth-schemas.ts'
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '#core/auth/csrf.ts'
import { FOREIGN_WS, OWN_WS, setupAuthApp } from '#server/app/auth/auth.test-helpers.ts'
import type { Packages } from '#server/app/ports.ts'
import { waitUntil } from '#tests/support/wait-until.ts'

export type Who = 'owner' | 'member' | 'stranger'

/** The auth test app over `packages`: uploads and installs as the signed-in owner, member or stranger. */
export async function setupPackageApp(packages: Packages) {
  const t = await setupAuthApp({ packages })
  const headers = (who: Who) => ({
    cookie: `${SESSION_COOKIE}=session-${who}`,
    [CSRF_HEADER]: CSRF_HEADER_VALUE,
  })
  const upload = (bytes: Uint8Array, who: Who = 'owner', ws = who === 'stranger' ? FOREIGN_WS : OWN_WS) => {
    const body = new FormData()
    body.append('file', new Blob([new Uint8Array(bytes)]), 'plugin.tgz')
    return t.app.request(`/api/workspaces/${ws}/packages`, { method: 'POST', headers: headers(who), body })
  }
  const install = (packageId: string) =>
    t.app.request(`/api/workspaces/${OWN_WS}/installs`, {
      method: 'POST',
      headers: { ...headers('owner'), 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ source: 'package', packageId }] }),
    })
  const get = async (path: string) =>
    (await t.app.request(`/api/workspaces/${OWN_WS}${path}`, { headers: headers('owner') })).json()
  /** The task once it is terminal (the simulated runtime runs with no step time here). */
  const settled = (taskId: string) =>
    waitUntil(
      () => get(`/tasks/${taskId}`),
      (task) => !['pending', 'running'].includes(task.status),
      { withinMs: 1_000, everyMs: 5 },
    )
  return { ...t, headers, upload, install, get, settled }
}
