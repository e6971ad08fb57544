import { main } from '../rate'
import { runAsProcess } from '../io'

await runAsProcess(main)
