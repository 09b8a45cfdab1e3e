// Drives a server-side SDK, unmodified, as docs/sdks.md configures it. Called by SegmentNodeSdksIT:
//   node node-sdks.mjs < plan.json
// plan: {sdk: "analytics-node" | "rudder-sdk-node", url, writeKey, clockSkewMillis, calls: [{type, ...params}]}
// Each call is the SDK's own method (track, page, screen, identify, group, alias) with its own parameters. The
// script flushes, waits for the SDK to finish its retries, prints one line per call ("delivered <messageId>" or
// "failed <messageId>: <reason>") and exits 0 only when every call was delivered.
import { readFileSync } from 'node:fs'
import { skewClock } from './skewed-clock.mjs'

const plan = JSON.parse(readFileSync(0, 'utf8'))

if (plan.clockSkewMillis) {
  skewClock(plan.clockSkewMillis)
}

const outcomes = []
const settled = (messageId) => (error) => outcomes.push(error ? `failed ${messageId}: ${error.message ?? error}` : `delivered ${messageId}`)

if (plan.sdk === 'analytics-node') {
  const { Analytics } = await import('@segment/analytics-node')
  // docs/sdks.md: host = the service; the SDK posts {batch, writeKey, sentAt} to {host}/v1/batch with Basic auth
  const analytics = new Analytics({ writeKey: plan.writeKey, host: plan.url, flushAt: plan.calls.length, flushInterval: 500 })
  analytics.on('error', (error) => console.error(`analytics-node error: ${error.code ?? ''} ${error.reason ?? error}`))
  analytics.on('http_request', (request) => console.error(`analytics-node ${request.method} ${request.url}`))
  for (const { type, ...params } of plan.calls) {
    analytics[type](params, settled(params.messageId))
  }
  await analytics.closeAndFlush({ timeout: 60_000 })
} else if (plan.sdk === 'rudder-sdk-node') {
  const { default: Analytics } = await import('@rudderstack/rudder-sdk-node')
  // docs/sdks.md: dataPlaneUrl = the service; the SDK gzips {batch, sentAt} to {dataPlaneUrl}/v1/batch with Basic auth
  const client = new Analytics(plan.writeKey, { dataPlaneUrl: plan.url, flushAt: plan.calls.length, flushInterval: 500, logLevel: 'error' })
  const sent = plan.calls.map(({ type, ...params }) => new Promise((resolve) => {
    client[type](params, (error) => { settled(params.messageId)(error); resolve() })
  }))
  await client.flush().catch(() => {})  // a failure is reported to each call's callback
  await Promise.all(sent)
} else {
  throw new Error(`unknown sdk ${plan.sdk}`)
}

outcomes.forEach((line) => console.log(line))
process.exit(outcomes.every((line) => line.startsWith('delivered')) && outcomes.length === plan.calls.length ? 0 : 1)
