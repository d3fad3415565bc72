import { Search } from 'lucide-react'
import { useId } from 'react'
import { cn } from '#src/lib/cn.ts'
import { Input } from './input.tsx'

/** A search box with its icon; `label` is its accessible name and its placeholder. */
export function SearchInput({
  label,
  value,
  onChange,
  className,
}: {
  label: string
  value: string
  onChange: (value: string) => void
  className?: string
}) {
  const id = useId()
  return (
    <div className="relative">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <Search aria-hidden className="absolute top-2 left-2 size-4 text-zinc-400" />
      <Input
        id={id}
        type="search"
        placeholder={label}
        className={cn('pl-7', className)}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  )
}
