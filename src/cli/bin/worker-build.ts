import { main } from '../worker-build'
import { runAsProcess } from '../io'

await runAsProcess(main)
