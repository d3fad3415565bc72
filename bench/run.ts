// `npm run bench`: every benchmark, one after another. Add yours below.
// BENCH_ONLY=api|lists|runtime|cluster runs one of them; BENCH_SECONDS sets each load phase's length.
import { apiLoadBench } from './api-load-bench.ts'
import { clusterBench } from './cluster-bench.ts'
import { listScaleBench } from './list-scale-bench.ts'
import { runtimeBench } from './runtime-bench.ts'

const only = process.env.BENCH_ONLY
const runs = Number(process.env.BENCH_RUNS ?? 10)
if (!only || only === 'runtime') await runtimeBench(runs)
if (!only || only === 'api') await apiLoadBench(Number(process.env.BENCH_SECONDS ?? 5))
if (!only || only === 'lists') await listScaleBench()
if (!only || only === 'cluster') await clusterBench()
