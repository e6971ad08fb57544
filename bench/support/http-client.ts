// The load generator's HTTP client: node:http over kept-alive connections, one per concurrent client.
// The load generator shares the machine's cores with the API and PostgreSQL, and in a sequential scenario its
// time per request adds to every latency, so it has to be light. Measured on one sequential client: about 0.3 ms
// of client CPU per enrolment with this client, against 0.9-2.3 ms with the global `fetch` (undici's WHATWG
// layer: Request, Headers and a body stream for every call), which put a quarter of each sequential
// enrolment's time in the load generator. pgbench, the reference beside it, is a C client.
import http from 'node:http'

const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY })

export interface Answer {
  status: number
  text: string
}

/** Sends one request and resolves with its status and body once the whole body has arrived. */
export function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<Answer> {
  const headers = { ...init.headers }
  if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body))
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers, agent }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

/** Closes the kept-alive connections, so the process can exit and the servers can stop. */
export function closeConnections() {
  agent.destroy()
}
