// Drives Segment's analytics.js (@segment/analytics-next, unmodified) in headless Chromium against the service,
// on a page this script serves, configured as docs/sdks.md says. Called by SegmentBrowserSdkIT:
//   node browser-sdk.mjs < plan.json
// plan: {url (the service), writeKey, pagePort, clockSkewMillis, chromium (the browser's executable),
//        calls: [[method, ...arguments]]}, e.g. ["track", "Order Completed", {"total": 12.5}]
// The page loads analytics.js's own UMD build and its bundles from node_modules (as a site hosting them would), its
// settings from the service (cdnURL), and makes the calls in order. Every answer the service gives the browser is
// printed as a JSON line {status, path, messageId}; the script ends when each call's messageId had a 2xx, or fails
// after 60 s.
import { readFileSync, createReadStream, existsSync } from 'node:fs'
import { createServer } from 'node:http'
import { dirname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { skewClock } from './skewed-clock.mjs'

const plan = JSON.parse(readFileSync(0, 'utf8'))
const bundles = join(dirname(fileURLToPath(import.meta.url)), 'node_modules/@segment/analytics-next/dist/umd')

const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>Volcanion shop</title>
<script>window.analytics = { _cdn: location.origin }  // analytics.js loads its own bundles from this site</script>
<script src="/analytics-next/bundles/index.js"></script>
</head><body><h1>Pricing</h1>
<script>
  window.done = (async () => {
    const [analytics] = await AnalyticsNext.AnalyticsBrowser.load(
      { writeKey: ${JSON.stringify(plan.writeKey)}, cdnURL: ${JSON.stringify(plan.url)} })
    for (const [method, ...args] of ${JSON.stringify(plan.calls)}) {
      await analytics[method](...args)
    }
    return analytics.user().anonymousId()
  })()
</script></body></html>`

const server = createServer((request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, 'http://page').pathname))
  if (path === '/') {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page)
  } else if (path === '/favicon.ico') {
    response.writeHead(204).end()
  } else if (path.startsWith('/analytics-next/bundles/') && existsSync(join(bundles, path.slice(24)))) {
    response.writeHead(200, { 'Content-Type': 'text/javascript' })
    createReadStream(join(bundles, path.slice(24))).pipe(response)
  } else {
    response.writeHead(404).end()
  }
})
await new Promise((resolve) => server.listen(plan.pagePort, '127.0.0.1', resolve))

const browser = await chromium.launch({
  executablePath: plan.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
})
let exitCode = 1
try {
  const context = await browser.newContext()
  const tab = await context.newPage()
  if (plan.clockSkewMillis) {  // a computer whose clock is off
    await tab.addInitScript(skewClock, plan.clockSkewMillis)
  }
  tab.on('console', (message) => console.error(`page ${message.type()}: ${message.text()}`))
  const delivered = new Set()
  const pending = new Set()
  tab.on('response', (response) => {
    const request = response.request()
    if (!request.url().startsWith(plan.url) || request.method() !== 'POST') return
    const messageId = JSON.parse(request.postData()).messageId
    console.log(JSON.stringify({ status: response.status(), path: new URL(request.url()).pathname, messageId }))
    if (response.status() < 300) delivered.add(messageId)
    else pending.add(messageId)
  })
  await tab.goto(`http://127.0.0.1:${plan.pagePort}/`)
  const anonymousId = await Promise.race([tab.evaluate(() => window.done),
    new Promise((resolve, reject) => setTimeout(() => reject(new Error('the page did not finish its calls in 60 s')), 60_000))])
  console.log(JSON.stringify({ anonymousId }))
  const deadline = Date.now() + 60_000
  while ((delivered.size < plan.calls.length || [...pending].some((id) => !delivered.has(id))) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  exitCode = delivered.size === plan.calls.length ? 0 : 1
} finally {
  await browser.close()
  server.close()
}
process.exit(exitCode)
