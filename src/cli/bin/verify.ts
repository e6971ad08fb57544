import { main } from '../verify'
import { runAsProcess } from '../io'

await runAsProcess(main)
