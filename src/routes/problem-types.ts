import { createRouter } from '../openapi'

/** Human-readable pages for the problem `type` URIs, so that `type` dereferences to documentation. */
const DESCRIPTIONS: Record<string, string> = {
  'validation-failed':
    'The request did not match its schema. `errors` lists every problem with a JSON Pointer to the field.',
  'malformed-request': 'The body could not be parsed (for example, malformed JSON).',
  'unsupported-media-type': 'The body was sent in a media type this route does not accept.',
  'body-too-large': 'The body is larger than the route accepts.',
  unauthorised: 'No valid bearer token was sent, or it is revoked or expired.',
  forbidden: "The token's role may not do this.",
  'not-found': 'Nothing with this id is visible to the caller.',
  'rate-limited':
    'This token sent more requests to this kind of route (enrolment, import or analysis) than its budget allows; retry after the `Retry-After` header (seconds). On Node the budget is per API process; on Workers, per isolate.',
  'method-not-allowed': 'The path exists but not with this method; see the Allow header.',
  'invalid-transition':
    'The trial cannot move to this status from its current one; `allowed` lists the next states.',
  'not-closed':
    'Analyses and the allocation export wait until recruitment has closed; `trial_status` is the trial status.',
  'results-not-public':
    'The publishable dataset is published with the final results, once the final planned analysis has run (`trial_status` is the trial status).',
  'not-recording':
    'Data of this kind cannot be recorded in the trial status (`trial_status`): outcomes are recorded from recruitment until the final analysis.',
  'outcomes-missing':
    'The final analysis needs the primary outcome recorded in every arm; `missing` lists each outcome and arm without one.',
  'not-analysed':
    'A rating needs the final registered analysis, run once data collection is complete.',
  'unstorable-text':
    'A string (a JSON value or key, a query parameter, a header, the path or a CSV cell) holds a code point that is never stored: NUL, an unpaired surrogate, a control character other than TAB, LF and CR, or a Unicode noncharacter. `errors` names the field.',
  'too-deeply-nested': 'The JSON body nests objects and arrays more than 32 deep.',
  'array-too-long':
    'An array in the JSON body holds more elements than the route takes (10,000; 1,000,000 on bulk routes). `errors` names the array.',
  'duplicate-key':
    'A JSON object in the body names one key twice; parsers disagree on which value wins, so the body is refused.',
  conflict:
    'Another record already holds a value that must be unique (for example a council slug), or the request refers to a record that does not exist. `errors` names the field.',
  'unstorable-value': 'A value is outside what the record can hold.',
  contention:
    'The change kept conflicting with concurrent changes to the same records and was rolled back after several attempts; nothing was written. Retry after the `Retry-After` header (seconds).',
  'database-unavailable':
    'The database did not answer (connection lost, server restarting or out of connections); nothing was written. Retry after the `Retry-After` header (seconds).',
  'over-cpu-budget':
    'The computation asked for (a design diagnosis, an analysis) is estimated above the CPU budget of one request; `estimated_cost` and `budget` are in simulated unit-draws. Ask for fewer simulations or households.',
  internal:
    'An unexpected error; nothing internal is disclosed. Quote the request id when reporting it.',
}

export const problemTypeRoutes = createRouter().get('/problems/:slug', (c) => {
  const slug = c.req.param('slug')
  const text =
    DESCRIPTIONS[slug] ?? 'A problem reported by the trialworks API; see `detail` in the response.'
  return c.json({ type: `/problems/${slug}`, description: text })
})
