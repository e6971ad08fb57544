import { createHmac } from 'node:crypto'
import { householdKeyOf } from '../../trials/data'

/**
 * Household references are pseudonymised at the boundary and never stored or logged raw.
 * Each council gets its own key, derived from the configured master key, so the same reference
 * held by two councils gives unlinkable pseudonyms:
 *   councilKey = HMAC-SHA-256(masterKey, "council:" + councilId)
 *   pseudonym  = "hh_" + hex(HMAC-SHA-256(councilKey, normalise(reference)))[0..32]
 * (RFC 2104; 128 bits of the MAC keep collisions negligible at any council's scale.)
 * References are trimmed and upper-cased first, so " ab123 " and "AB123" are the same household.
 */
export function pseudonymise(masterKey: string, councilId: string, reference: string): string {
  const mac = createHmac('sha256', councilKeyOf(masterKey, councilId))
    .update(normaliseReference(reference), 'utf8')
    .digest('hex')
  return `hh_${mac.slice(0, 32)}`
}

/** Council keys derived so far, by master key and council (a batch pseudonymises thousands with one key). */
const councilKeys = new Map<string, Buffer>()
const COUNCIL_KEYS = 1_000

function councilKeyOf(masterKey: string, councilId: string): Buffer {
  const cacheKey = `${councilId}\n${masterKey}`
  let key = councilKeys.get(cacheKey)
  if (key === undefined) {
    key = createHmac('sha256', masterKey).update(`council:${councilId}`, 'utf8').digest()
    if (councilKeys.size >= COUNCIL_KEYS) councilKeys.clear()
    councilKeys.set(cacheKey, key)
  }
  return key
}

function normaliseReference(reference: string): string {
  return reference.trim().toUpperCase()
}

/** A household named in a request path: its pseudonym, and how a message may name it. */
export type HouseholdInPath = { pseudonym: string; name: string }

/**
 * A household named in a request path, by its pseudonym or by the council's own case reference
 * (pseudonymised here with the council's key, as at enrolment). `name` is how messages may name
 * it: the pseudonym, never the reference.
 */
export function householdInPath(
  masterKey: string,
  councilId: string,
  value: string
): HouseholdInPath {
  const key = householdKeyOf(value)
  return 'ref' in key
    ? {
        pseudonym: pseudonymise(masterKey, councilId, key.ref),
        name: 'the household with this case reference',
      }
    : { pseudonym: key.pseudonym, name: `household ${key.pseudonym}` }
}
