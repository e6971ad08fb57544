import { main } from '../migrate'
import { runAsProcess } from '../io'

await runAsProcess(main)
