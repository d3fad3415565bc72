import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { HealthCheck } from '#core/api/plugin-schemas.ts'

const COLOUR: Record<HealthCheck['status'], string> = {
  healthy: '#10b981',
  degraded: '#f59e0b',
  unhealthy: '#ef4444',
}

/**
 * The chart always has room for this many checks: with one or two it shows thin bars at the right
 * (the newest end) of an empty timeline, not one bar as wide as the card.
 */
export const MIN_SLOTS = 20
const MAX_BAR_PX = 14

interface Slot {
  at: string
  durationMs: number | null
  status: HealthCheck['status'] | null
}

/** The checks, oldest first, after as many empty slots as it takes to fill `MIN_SLOTS`. */
export function chartSlots(checks: readonly HealthCheck[]): Slot[] {
  const empty = Math.max(0, MIN_SLOTS - checks.length)
  return [
    ...Array.from({ length: empty }, () => ({ at: '', durationMs: null, status: null })),
    ...checks.map((check) => ({
      at: new Date(check.at).toLocaleTimeString(),
      durationMs: check.durationMs,
      status: check.status,
    })),
  ]
}

/**
 * Each check's duration as a bar coloured by its status, oldest first. Loaded on demand (recharts
 * stays out of the initial bundle). Hidden from assistive technology, with nothing focusable in it:
 * the text summary beside it says the same in words.
 */
export function HealthChart({ checks }: { checks: readonly HealthCheck[] }) {
  const data = chartSlots(checks)
  return (
    <div aria-hidden className="h-32 w-full">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 128 }}>
        <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: -16 }} accessibilityLayer={false}>
          <XAxis dataKey="at" hide />
          <YAxis tick={{ fontSize: 10 }} unit=" ms" width={56} allowDecimals={false} />
          <Tooltip
            cursor={false}
            formatter={(value, _name, item) =>
              item.payload.status ? [`${value} ms · ${item.payload.status}`, 'check'] : null
            }
          />
          <Bar dataKey="durationMs" isAnimationActive={false} maxBarSize={MAX_BAR_PX}>
            {data.map((slot, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: checks have no id; order is their identity
              <Cell key={index} fill={slot.status ? COLOUR[slot.status] : 'transparent'} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}
