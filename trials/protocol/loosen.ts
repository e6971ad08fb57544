import { z } from 'zod'

/**
 * The draft form of a type: every object field optional, all the way down. Discriminator fields stay
 * required at runtime (see `loosen`) but are optional here too, so the type is slightly wider than
 * what the draft schema accepts.
 *
 * @example
 * const draft: DeepPartial<Protocol> = { sample_size: { target_households: 800 } }
 */
export type DeepPartial<T> = T extends readonly (infer E)[]
  ? DeepPartial<E>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T

/**
 * Derives the lenient draft schema from a complete one, so that one schema stays the single source
 * of truth: object fields become optional, value checks (min/max, int, regex, formats, array
 * lengths, refinements) are dropped, types and strictness are kept (a number must still be a number,
 * an unknown key is still refused). Discriminators of discriminated unions stay required so that a
 * draft section is still recognisably one variant. Descriptions are carried over for OpenAPI.
 *
 * @example
 * const draft = loosen(z.strictObject({ n: z.int().min(1) }))
 * draft.parse({})        // {}
 * draft.parse({ n: 0.5 }) // { n: 0.5 }: the check waits for registration
 */
export function loosen(schema: z.ZodType): z.ZodType {
  return loosenWith(schema, new Set())
}

function loosenWith(schema: z.ZodType, discriminators: ReadonlySet<string>): z.ZodType {
  const def = (schema as z.ZodType & { def: Record<string, unknown> & { type: string } }).def
  let result: z.ZodType
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>
      const loose: Record<string, z.ZodType> = {}
      for (const [key, field] of Object.entries(shape)) {
        const inner = loosenWith(field, new Set())
        loose[key] = discriminators.has(key) ? inner : optionalOf(inner)
      }
      const catchall = def.catchall as z.ZodType | undefined
      result =
        catchall === undefined
          ? z.object(loose)
          : z.object(loose).catchall(loosenWith(catchall, new Set()))
      break
    }
    case 'array':
      result = z.array(loosenWith(def.element as z.ZodType, new Set()))
      break
    case 'optional':
      result = optionalOf(loosenWith(def.innerType as z.ZodType, discriminators))
      break
    case 'nullable':
      result = loosenWith(def.innerType as z.ZodType, discriminators).nullable()
      break
    case 'default':
      // Keep the default: a draft parsed today fills it as the registered protocol will.
      result = loosenWith(def.innerType as z.ZodType, discriminators).default(
        def.defaultValue as never
      )
      break
    case 'union': {
      const discriminator = def.discriminator as string | undefined
      const inherited =
        discriminator === undefined ? discriminators : new Set([...discriminators, discriminator])
      const options = (def.options as z.ZodType[]).map((option) => loosenWith(option, inherited))
      result =
        discriminator === undefined
          ? z.union(options as [z.ZodType, ...z.ZodType[]])
          : z.discriminatedUnion(discriminator, options as never)
      break
    }
    case 'record':
      result = z.record(
        def.keyType as z.ZodString,
        loosenWith(def.valueType as z.ZodType, new Set())
      )
      break
    case 'string':
      result = z.string()
      break
    case 'number':
      result = z.number()
      break
    default:
      // enum, literal, boolean, null: their type is their only check.
      return schema
  }
  const meta = z.globalRegistry.get(schema)
  return meta === undefined ? result : result.meta(meta)
}

function optionalOf(schema: z.ZodType): z.ZodType {
  return (schema as { def: { type: string } }).def.type === 'optional' ? schema : schema.optional()
}
