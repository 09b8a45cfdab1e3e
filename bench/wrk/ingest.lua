-- POSTs events with a fresh messageId each, one per request (/api/events/ingest) or 100 per request
-- (/api/events/batch). Usage: wrk ... -s bench/wrk/ingest.lua URL -- API_KEY single|batch
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
require "summary"

local properties = '{"orderId":"o-%s","total":129.95,"currency":"EUR","coupon":null,'
  .. '"items":[{"sku":"SKU-10042","name":"Espresso machine","price":119.0,"quantity":1},'
  .. '{"sku":"SKU-20077","name":"Descaler 2-pack","price":10.95,"quantity":1}],'
  .. '"shipping":{"method":"standard","country":"DE","postcode":"10115"},'
  .. '"campaign":{"source":"newsletter","medium":"email","name":"black-friday-2026"},'
  .. '"page":{"path":"/checkout/complete","referrer":"https://shop.acme.example/cart"}}'

local key, batch, prefix
local counter = 0

function init(args)
  key = args[1]
  batch = args[2] == "batch"
  if batch then events_per_request = 100 end
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

function request()
  local headers = { ["Content-Type"] = "application/json", ["X-Api-Key"] = key }
  if not batch then
    return wrk.format("POST", "/api/events/ingest", headers, event())
  end
  local events = {}
  for i = 1, 100 do events[i] = event() end
  return wrk.format("POST", "/api/events/batch", headers, '{"events":[' .. table.concat(events, ",") .. ']}')
end
