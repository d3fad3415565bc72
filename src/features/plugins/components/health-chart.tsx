import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { HealthCheck } from '#core/api/plugin-schemas.ts'

const COLOUR: Record<HealthCheck['status'], string> = {
  healthy: '#10b981',
  degraded: '#f59e0b',
  unhealthy: '#ef4444',
}

/**
 * Each check's duration as a bar coloured by its status, oldest first. Loaded on demand (recharts
 * stays out of the initial bundle); the text summary beside it says the same for screen readers.
 */
export function HealthChart({ checks }: { checks: readonly HealthCheck[] }) {
  const data = checks.map((check) => ({
    at: new Date(check.at).toLocaleTimeString(),
    durationMs: check.durationMs,
    status: check.status,
  }))
  return (
    <div aria-hidden className="h-32 w-full">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 128 }}>
        <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: -16 }}>
          <XAxis dataKey="at" hide />
          <YAxis tick={{ fontSize: 10 }} unit=" ms" width={56} />
          <Tooltip formatter={(value, _name, item) => [`${value} ms · ${item.payload.status}`, 'check']} />
          <Bar dataKey="durationMs" isAnimationActive={false}>
            {data.map((check, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: checks have no id; order is their identity
              <Cell key={index} fill={COLOUR[check.status]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}
