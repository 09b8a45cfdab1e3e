-- POSTs events with a fresh messageId each, one per request (/api/events/ingest), 100 per request
-- (/api/events/batch), or 100 Segment track calls per request (/v1/batch, as analytics-node sends them: Basic auth,
-- timestamp and context per call, sentAt per batch). Usage: wrk ... -s bench/wrk/ingest.lua URL -- API_KEY
-- single|batch|segment [BASE64_OF_API_KEY_AND_COLON]
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
require "summary"

local properties = '{"orderId":"o-%s","total":129.95,"currency":"EUR","coupon":null,'
  .. '"items":[{"sku":"SKU-10042","name":"Espresso machine","price":119.0,"quantity":1},'
  .. '{"sku":"SKU-20077","name":"Descaler 2-pack","price":10.95,"quantity":1}],'
  .. '"shipping":{"method":"standard","country":"DE","postcode":"10115"},'
  .. '"campaign":{"source":"newsletter","medium":"email","name":"black-friday-2026"},'
  .. '"page":{"path":"/checkout/complete","referrer":"https://shop.acme.example/cart"}}'

local key, mode, prefix, basic
local counter = 0

function init(args)
  key = args[1]
  mode = args[2]
  basic = "Basic " .. (args[3] or "")   -- base64 of "API_KEY:", for the Segment calls
  if mode ~= "single" then events_per_request = 100 end
  -- unique across threads (their number) and runs (the time and a random part)
  math.randomseed(os.time() * 1000 + thread_number)
  prefix = string.format("%x-%d-%08x", os.time(), thread_number, math.random(0, 0x7fffffff))
end

local function event()
  counter = counter + 1
  local id = prefix .. "-" .. counter
  return '{"messageId":"' .. id .. '","eventName":"Order Completed","userId":"u-' .. (counter % 100000)
    .. '","properties":' .. string.format(properties, id) .. '}'
end

-- the same event as a Segment track call, with what analytics-node adds to each
local function call()
  counter = counter + 1
  local id = prefix .. "-" .. counter
  return '{"type":"track","messageId":"' .. id .. '","event":"Order Completed","userId":"u-' .. (counter % 100000)
    .. '","properties":' .. string.format(properties, id) .. ',"timestamp":"' .. os.date("!%Y-%m-%dT%H:%M:%S.000Z")
    .. '","context":{"library":{"name":"@segment/analytics-node","version":"3.1.0"}},"_metadata":{"jsRuntime":"node"}}'
end

function request()
  if mode == "single" then
    return wrk.format("POST", "/api/events/ingest", { ["Content-Type"] = "application/json", ["X-Api-Key"] = key }, event())
  end
  local events = {}
  if mode == "segment" then
    for i = 1, 100 do events[i] = call() end
    return wrk.format("POST", "/v1/batch", { ["Content-Type"] = "application/json", ["Authorization"] = basic },
      '{"batch":[' .. table.concat(events, ",") .. '],"sentAt":"' .. os.date("!%Y-%m-%dT%H:%M:%S.000Z") .. '"}')
  end
  for i = 1, 100 do events[i] = event() end
  return wrk.format("POST", "/api/events/batch", { ["Content-Type"] = "application/json", ["X-Api-Key"] = key },
    '{"events":[' .. table.concat(events, ",") .. ']}')
end
