import { main } from '../admin'
import { runAsProcess } from '../io'

await runAsProcess(main)
