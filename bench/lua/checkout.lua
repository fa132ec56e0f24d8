-- wrk script for bench/checkout.sh: each connection (one per thread: run wrk with -t N -c N)
-- runs the whole checkout flow again and again: create a cart, add 3 variants, complete with
-- the details (email, address) in the body and an Idempotency-Key, as a one-step checkout form
-- does. Counts completed checkouts, refused ones
-- (insufficient_inventory) and failures, printed by done().
-- Arguments: <shop host> <variant 1> <variant 2> <variant 3>
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  host, variants = args[1], { args[2], args[3], args[4] }
  step, token, serial = 0, nil, 0
  completed, refused, failed = 0, 0, 0
end

local function headers(with_token)
  local h = { ["Host"] = host, ["Content-Type"] = "application/json" }
  if with_token then h["X-Cart-Token"] = token end
  return h
end

function request()
  if step == 0 then
    return wrk.format("POST", "/api/store/carts", headers(false), "{}")
  elseif step <= 3 then
    return wrk.format("POST", "/api/store/cart/lines", headers(true),
      '{"variant_id":"' .. variants[step] .. '","quantity":1}')
  end
  local h = headers(true)
  serial = serial + 1
  h["Idempotency-Key"] = "bench-" .. id .. "-" .. serial
  return wrk.format("POST", "/api/store/cart/complete", h,
    '{"email":"bench@example.com","shipping_address":{"name":"Bench","address1":"1 Main St",' ..
    '"city":"Lisboa","postal_code":"1000-001","country":"PT"}}')
end

function response(status, _, body)
  if step == 0 then token = body:match('"token":"([^"]+)"') end
  if status == 409 and body:find("insufficient_inventory", 1, true) then
    refused = refused + 1
    step = 0
    return
  end
  if status >= 400 or (step == 0 and not token) then
    failed = failed + 1
    if failed <= 3 then io.stderr:write("status " .. status .. " at step " .. step .. ": " .. body .. "\n") end
    step = 0
    return
  end
  if step == 4 then
    completed = completed + 1
    step = 0
  else
    step = step + 1
  end
end

function done(summary, latency, requests)
  local c, r, f = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("completed")
    r = r + t:get("refused")
    f = f + t:get("failed")
  end
  io.write(string.format("flow: checkouts %d refused %d failed %d requests %d p99_ms %.2f p50_ms %.2f\n",
    c, r, f, summary.requests, latency:percentile(99) / 1000, latency:percentile(50) / 1000))
end
