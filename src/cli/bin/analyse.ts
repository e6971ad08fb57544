import { main } from '../analyse'
import { runAsProcess } from '../io'

await runAsProcess(main)
