-- wrk script for the load suite (Cdp.Bench/Suites/LoadSuite.cs): every request asks for a random customer's
-- personalised homepage, so no answer is served from a warm row twice in a row.
-- Arguments: the API key, the experience key, the number of customers (ids run from 1).
local key, experience, customers

function init(args)
  key = args[1]
  experience = args[2]
  customers = tonumber(args[3])
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local path = "/api/personalize/" .. experience .. "?customerId=" .. math.random(1, customers)
  return wrk.format("GET", path, { ["X-Api-Key"] = key })
end
