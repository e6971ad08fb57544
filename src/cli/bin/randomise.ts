import { main } from '../randomise'
import { runAsProcess } from '../io'

await runAsProcess(main)
