// The preview step of an exposing run: mask a fresh password, create or reuse the preview, prove its URL works.
import * as core from '@actions/core'
import type { Inputs } from './inputs.js'
import { ensurePreview, generatePassword } from './preview.js'
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
  const password = generatePassword()
  const credentials = { user: name, password, database: name }
  const internal = new URL(inputs.internalUrl.href)
  internal.username = encodeURIComponent(name)
  internal.password = password
  internal.pathname = `/${encodeURIComponent(name)}`
  const url = externalUrl(internal, inputs.host, inputs.port, inputs.sslmode)
  // Masked before the password reaches Postgres or any line of the log.
  for (const secret of [...passwordForms(password), url]) core.setSecret(secret)
  const { created, roleCreated, adopted } = await ensurePreview(inputs, name, password, inputs.previewTemplate, () => verify(credentials))
  if (adopted) core.info(adoptionNote(name, 'reuse'))
  core.info(
    `database "${name}": ${created ? (inputs.previewTemplate ? `created from "${inputs.previewTemplate}"` : 'created') : 'reused'}; role "${name}": ${roleCreated ? 'created' : 'reused with a new password'}; logged in as "${name}"`
  )
  return { name, password, created, url }
}
