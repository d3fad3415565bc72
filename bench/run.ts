// `npm run bench`: every benchmark, one after another. Add yours below.
import { runtimeBench } from './runtime-bench.ts'

const runs = Number(process.env.BENCH_RUNS ?? 10)
await runtimeBench(runs)
