/** Health of a plugin's worker as the supervisor sees it (docs/runtime.md). */
export const HEALTH_STATUSES = [
  'healthy',
  'degraded',
  'unhealthy',
  'failed',
  'recovering',
  'unknown',
] as const
export type HealthStatus = (typeof HEALTH_STATUSES)[number]

/** State of one module inside a plugin's worker. */
export const MODULE_STATUSES = ['starting', 'running', 'stopped'] as const
