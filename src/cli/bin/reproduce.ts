import { main } from '../reproduce'
import { runAsProcess } from '../io'

await runAsProcess(main)
