import { createRouter } from '../openapi'
import { registryDetails, registryList, registryRecord } from '../services/registry'
import { RegistryEntry, RegistryHome } from './registry'
import { page } from './render'

/** Public pages: the registry needs no token, as a trial registry is public by design. */
export const pageRoutes = createRouter()

pageRoutes.get('/', async (c) => {
  const registry = await registryList(c.var.db)
  return page(c, { title: 'Trial registry', children: <RegistryHome {...registry} /> })
})

/** The public registration record of one trial, as a page (HTML) or as JSON (`Accept: application/json`). */
pageRoutes.get('/registry/:id', async (c) => {
  const { trial, record } = await registryRecord(c.var.db, c.req.param('id'))
  if ((c.req.header('accept') ?? '').includes('application/json')) return c.json(record)
  const details = await registryDetails(c.var.db, trial)
  return page(c, {
    title: trial.title,
    children: <RegistryEntry trial={trial} record={record} details={details} />,
  })
})
