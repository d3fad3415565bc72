/** `plugboard-plugin dev`: a placeholder until dev mode lands; its exit code 2 says "not available". */
export async function runDev(_args: string[]): Promise<number> {
  console.error('plugin dev is not available yet')
  return 2
}
