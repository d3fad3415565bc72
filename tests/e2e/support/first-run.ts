import type { Page } from 'playwright-core'

export interface Account {
  name: string
  email: string
  password: string
}

/** The owner the end-to-end tests create on a fresh real server (each server has its own data). */
export const E2E_OWNER: Account = {
  name: 'Olive Owner',
  email: 'olive@example.com',
  password: 'a long enough secret',
}

/**
 * First run in the browser: opens the console of a server without users, creates the owner account
 * through the setup form and waits for the plugin list it lands on.
 */
export async function createOwner(page: Page, url: string, owner: Account = E2E_OWNER): Promise<void> {
  await page.goto(url)
  await page.getByRole('heading', { name: 'Create the owner account' }).waitFor()
  await page.getByLabel('Name', { exact: true }).fill(owner.name)
  await page.getByLabel('Email', { exact: true }).fill(owner.email)
  await page.getByLabel(/^Password/).fill(owner.password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.getByRole('heading', { name: 'Plugins' }).waitFor()
}

/** Signs in through the sign-in form (`url` is the console's root or any page that asks to sign in). */
export async function signIn(page: Page, url: string, account: Pick<Account, 'email' | 'password'>) {
  await page.goto(url)
  await page.getByLabel('Email', { exact: true }).fill(account.email)
  await page.getByLabel('Password', { exact: true }).fill(account.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}
