import type { Task } from '#core/api/task-schemas.ts'
import { MOCK_SECRET_KEY } from '#mocks/memory-deps.ts'
import { seedAccount } from '#mocks/seed-account.ts'
import { signedIn } from '#server/app/app.test-helpers.ts'
import { runtimeConfigOf } from '#server/app/config/config-values.ts'
import { createSecretCipher } from '#server/app/config/secret-cipher.ts'
import { createApp } from '#server/app/create-app.ts'
import { checkedRequest } from '#server/app/openapi/response-check.test-helpers.ts'
import { createSystemClock } from '#server/app/system-clock.ts'
import { createMemoryAccountStore } from '#server/memory/memory-account-store.ts'
import { createMemoryConfigs } from '#server/memory/memory-configs.ts'
import { createMemoryStore } from '#server/memory/memory-store.ts'
import { createPbkdf2Hasher } from '#server/memory/pbkdf2-hasher.ts'
import { eventually, runtimeFixture, WS } from '#server/runtime/runtime.test-helpers.ts'

/**
 * The real API over the memory store, the process runtime and the file catalog. Call at the top of a
 * test file (it registers the cleanup of every worker); `realApp()` then builds one per test.
 */
export function realAppFixture() {
  const { setup } = runtimeFixture()
  async function realApp(options: Parameters<typeof setup>[0] = {}) {
    const configs = createMemoryConfigs()
    const secrets = createSecretCipher(MOCK_SECRET_KEY)
    const env = await setup({
      configOf: (workspaceId, pluginId) => runtimeConfigOf({ configs, secrets }, workspaceId, pluginId),
      ...options,
    })
    let sequence = 0
    const store = createMemoryStore()
    const deps = {
      store,
      configs,
      secrets,
      runtime: env.runtime,
      catalog: env.catalog,
      clock: createSystemClock(),
      newId: (prefix: string) => `${prefix}_${String(++sequence).padStart(6, '0')}`,
      accounts: createMemoryAccountStore(),
      hasher: createPbkdf2Hasher({ iterations: 1_000 }),
    }
    const app = { request: checkedRequest(createApp(deps)) }
    const session = 'runtime-test-owner'
    await seedAccount(deps, {
      workspaceId: WS,
      email: 'owner@plugboard.test',
      name: 'Owner',
      role: 'owner',
      sessionToken: session,
    })
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await app.request(
        `/api/workspaces/${WS}${path}`,
        signedIn(
          {
            method,
            ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
          },
          session,
        ),
      )
      return { status: response.status, body: await response.json() }
    }
    const finished = async (task: Task): Promise<Task> => {
      let latest = task
      await eventually(async () => {
        latest = (await call('GET', `/tasks/${task.id}`)).body as Task
        return latest.status !== 'pending' && latest.status !== 'running'
      }, 10_000)
      return latest
    }
    return { env, store, call, finished }
  }
  return realApp
}
