import { main } from '../grant'
import { runAsProcess } from '../io'

await runAsProcess(main)
