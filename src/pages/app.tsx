import { createRouter } from '../openapi'
import { builderPages } from './builder'
import { centrePages } from './centre'
import { enrolPages } from './enrol'
import { evaluatorPages } from './evaluator'
import { homePage } from './home'
import { recordPages } from './records'
import { signedIn } from './sign-in'
import { trialPages } from './trial-page'
import { uploadPages } from './upload'

/**
 * Pages for signed-in staff, under /app. Every page resolves the user from the session cookie
 * (src/auth's principal and scope) and makes every change through the API in-process.
 */
export const appPages = createRouter()
appPages.use('/app', signedIn())
appPages.use('/app/*', signedIn())
appPages.get('/app', homePage)
// The builder first: /app/trials/new must not be read as a trial id.
appPages.route('/', builderPages)
appPages.route('/', trialPages)
appPages.route('/', enrolPages)
appPages.route('/', uploadPages)
appPages.route('/', recordPages)
appPages.route('/', evaluatorPages)
appPages.route('/', centrePages)
