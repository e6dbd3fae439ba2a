#!/usr/bin/env node
// Maintainer tool (no test or CI runs it): renders a job summary, as the demo keeps it, to the README's picture.
//
//   npm run demo -- --summary docs/job-summary.md
//   node scripts/render-summary.mjs [docs/job-summary.md] [docs/job-summary.png]
//
// GitHub renders GITHUB_STEP_SUMMARY as GitHub-flavoured Markdown (the action writes mostly HTML blocks, which
// GFM passes through as they are), so `marked` in GFM mode gives the same HTML; the CSS below is GitHub's
// markdown-body in light mode, reduced to what a summary uses. Headless Chromium takes the screenshot: a first
// pass measures the page, a second one shoots it at exactly that height. The PNG carries the SHA-256 of the
// Markdown it came from (a tEXt chunk), so a test notices a picture that no longer matches docs/job-summary.md.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { crc32 } from 'node:zlib'
import { marked } from 'marked'

const [source = 'docs/job-summary.md', target = 'docs/job-summary.png'] = process.argv.slice(2)
const WIDTH = 960
const SCALE = 1.5 // sharp on high-density screens, still well under 300 KB

const style = `
  body { margin: 0; padding: 16px; background: #f6f8fa; }
  .box { border: 1px solid #d1d9e0; border-radius: 6px; background: #fff; overflow: hidden; }
  .box > header { padding: 12px 16px; border-bottom: 1px solid #d1d9e0; font-weight: 600; font-size: 14px; }
  .markdown-body { padding: 8px 24px 16px; }
  .box > header, .markdown-body {
    font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
    color: #1f2328; line-height: 1.5;
  }
  .markdown-body { font-size: 14px; }
  .markdown-body h2 { font-size: 1.5em; font-weight: 600; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3;
    margin: 16px 0; line-height: 1.25; }
  .markdown-body p, .markdown-body ul, .markdown-body table { margin: 0 0 16px; }
  .markdown-body ul { padding-left: 2em; }
  .markdown-body table { border-collapse: collapse; border-spacing: 0; display: block; width: max-content; max-width: 100%; }
  .markdown-body th, .markdown-body td { border: 1px solid #d1d9e0; padding: 6px 13px; }
  .markdown-body th { font-weight: 600; }
  .markdown-body tr { background: #fff; border-top: 1px solid #d1d9e0b3; }
  .markdown-body tr:nth-child(2n) { background: #f6f8fa; }
  .markdown-body code { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
    font-size: 85%; padding: .2em .4em; border-radius: 6px; background: #818b981f; }
`

const markdown = fs.readFileSync(source, 'utf8')
// The page writes its own height into the title, which --dump-dom prints: that is the first pass (in a window
// lower than the page, so the height is the content's, not the window's).
// GitHub heads a summary with the job's name: `expose`, the job of the README's manual-run example.
const page = `<!doctype html><html><head><meta charset="utf-8"><title></title><style>${style}</style></head>
<body><div class="box"><header>expose summary</header><div class="markdown-body">${marked.parse(markdown, { gfm: true })}</div></div>
<script>document.title = 'height=' + document.documentElement.scrollHeight</script></body></html>`

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'render-summary-'))
try {
  const htmlPath = path.join(work, 'summary.html')
  fs.writeFileSync(htmlPath, page)
  const chromium = (...args) =>
    execFileSync(
      'chromium',
      [
        '--headless',
        '--disable-gpu',
        '--hide-scrollbars',
        `--force-device-scale-factor=${SCALE}`,
        // Chromium's sandbox refuses to start as root.
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        ...args,
        `file://${htmlPath}`
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }
    )
  const height = Number(chromium(`--window-size=${WIDTH},100`, '--dump-dom').match(/<title>height=(\d+)<\/title>/)?.[1])
  if (!height) throw new Error('Chromium did not report the page height')
  const shot = path.join(work, 'summary.png')
  chromium(`--window-size=${WIDTH},${height}`, `--screenshot=${shot}`)
  const sha256 = createHash('sha256').update(markdown).digest('hex')
  fs.writeFileSync(target, withTextChunk(fs.readFileSync(shot), 'Source-SHA256', sha256))
  console.log(`${target}: ${WIDTH}x${height} CSS px at ${SCALE}x, ${fs.statSync(target).size} bytes, from ${source} (sha256 ${sha256})`)
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}

/** The PNG with a tEXt chunk `keyword=text` inserted right after its IHDR chunk (8 signature + 25 IHDR bytes). */
function withTextChunk(png, keyword, text) {
  const data = Buffer.from(`${keyword}\0${text}`, 'latin1')
  const typeAndData = Buffer.concat([Buffer.from('tEXt', 'latin1'), data])
  const chunk = Buffer.alloc(12 + data.length)
  chunk.writeUInt32BE(data.length, 0)
  typeAndData.copy(chunk, 4)
  chunk.writeUInt32BE(crc32(typeAndData), 8 + data.length)
  return Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)])
}
