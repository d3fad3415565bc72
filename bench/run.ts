// `npm run bench`: every benchmark, one after another. Add yours below.
// BENCH_ONLY=api|lists|runtime|stream|console|cluster|scaffold|devreload runs one of them; BENCH_SECONDS sets each load
// phase's length; BENCH_CONSOLE_DIST=<dir> measures a console built elsewhere instead of building this one.
// BENCH_DB_PREFIX names the PostgreSQL databases a bench creates; BENCH_FAILOVER_RUNS the cluster failovers
// measured (default 3); BENCH_LIGHTHOUSE_DETAIL=1 prints Lighthouse's long tasks and main-thread breakdown.
import { apiLoadBench } from './api-load-bench.ts'
import { clusterBench } from './cluster-bench.ts'
import { consoleBench } from './console-bench.ts'
import { devReloadBench } from './devreload-bench.ts'
import { listScaleBench } from './list-scale-bench.ts'
import { runtimeBench } from './runtime-bench.ts'
import { scaffoldBench } from './scaffold-bench.ts'
import { streamBench } from './stream-bench.ts'

const only = process.env.BENCH_ONLY
const runs = Number(process.env.BENCH_RUNS ?? 10)
if (!only || only === 'runtime') await runtimeBench(runs)
if (!only || only === 'api') await apiLoadBench(Number(process.env.BENCH_SECONDS ?? 5))
if (!only || only === 'lists') await listScaleBench()
if (!only || only === 'stream') await streamBench()
if (!only || only === 'console') await consoleBench(Number(process.env.BENCH_RUNS ?? 5))
if (!only || only === 'cluster') await clusterBench()
if (!only || only === 'scaffold') await scaffoldBench()
if (!only || only === 'devreload') await devReloadBench(Number(process.env.BENCH_SAVES ?? 20))
