// The preview step of an exposing run: mask the preview's derived password, create or reuse the preview, prove its URL
// works.
import * as core from '@actions/core'
import type { Inputs } from './inputs.js'
import { ensurePreview } from './preview-sql.js'
import { derivePassword } from '../pure/credentials.js'
import { externalUrl, passwordForms } from '../pure/url.js'
import { adoptionNote } from '../pure/preview-mark.js'

export type { PreviewOutcome } from '../pure/preview-mark.js'
import type { PreviewOutcome } from '../pure/preview-mark.js'

/** Creates or reuses the preview; `verify` logs in with the new credentials, so the URL output is known to work. */
export async function openPreview(
  inputs: Inputs,
  name: string,
  verify: (credentials: { user: string; password: string; database: string }) => Promise<unknown>
): Promise<PreviewOutcome> {
  // The same every run (keyed by `credentials-key`, else the admin password): concurrent runs and reruns hand out one URL.
  const password = derivePassword(inputs.credentialsKey ?? inputs.credentials.password, { cluster: inputs.app, database: name, role: name })
  const credentials = { user: name, password, database: name }
  const internal = new URL(inputs.internalUrl.href)
  internal.username = encodeURIComponent(name)
  internal.password = password
  internal.pathname = `/${encodeURIComponent(name)}`
  const url = externalUrl(internal, inputs.host, inputs.port, inputs.sslmode)
  // Masked before the password reaches Postgres or any line of the log.
  for (const secret of [...passwordForms(password), url]) core.setSecret(secret)
  const { created, roleCreated, passwordSet, adopted } = await ensurePreview(inputs, name, password, inputs.previewTemplate, () => verify(credentials))
  if (adopted) core.info(adoptionNote(name, 'reuse'))
  core.info(
    `database "${name}": ${created ? (inputs.previewTemplate ? `created from "${inputs.previewTemplate}"` : 'created') : 'reused'}; role "${name}": ${roleCreated ? 'created' : passwordSet ? 'reused, derived password set' : 'reused, unchanged'}; logged in as "${name}"`
  )
  return { name, password, created, url }
}
