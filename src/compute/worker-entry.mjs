// The entry of a compute thread: plain JavaScript, so a thread starts under plain Node; it loads
// the TypeScript task runner through tsx, as `npm start` loads the server.
import { tsImport } from 'tsx/esm/api'

await tsImport('./worker-thread.ts', import.meta.url)
