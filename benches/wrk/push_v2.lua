-- wrk script of BENCHMARKS.md for REST v2: POSTs the single push (`POST
-- /v2/{appId}/push/single/cid`) written by `getui-bench wrk-body --protocol v2` (file
-- $GETUI_WRK_BODY, default wrk-body-v2.json) with the token $GETUI_WRK_TOKEN in the `token`
-- header. When the body has the markers @@REQUEST_ID@@ and @@CLIENT_ID@@, every request gets
-- a fresh 32-character request_id and cid (getui-mock de-duplicates on request_id, so a fixed
-- body would be cheaper for it than the SDK's pushes); without them (`wrk-body --fixed`) the
-- same body is sent every time, with no Lua per request.
--
--   GETUI_WRK_BODY=wrk-body-v2.json GETUI_WRK_TOKEN=TOKEN wrk -t1 -c64 -d10s --latency \
--       -s benches/wrk/push_v2.lua http://127.0.0.1:PORT/v2/APPID/push/single/cid

local path = os.getenv("GETUI_WRK_BODY") or "wrk-body-v2.json"
local file = assert(io.open(path, "rb"))
local body = file:read("*a")
file:close()

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json;charset=UTF-8"
wrk.headers["token"] = assert(os.getenv("GETUI_WRK_TOKEN"), "GETUI_WRK_TOKEN is not set")

local rid_at, rid_end = body:find("@@REQUEST_ID@@", 1, true)
local cid_at, cid_end = body:find("@@CLIENT_ID@@", 1, true)

if not rid_at and not cid_at then
  -- One fixed body: wrk sends wrk.body, no `request` function.
  wrk.body = body
else
  assert(rid_at and cid_at and rid_end < cid_at, path .. ": a marker is missing")
  local head = body:sub(1, rid_at - 1)
  local middle = body:sub(rid_end + 1, cid_at - 1)
  local tail = body:sub(cid_end + 1)

  local threads = 0
  function setup(thread)
    threads = threads + 1
    thread:set("tid", threads)
  end

  local n = 0
  function request()
    n = n + 1
    -- 32 characters each, like the SDK's generated request ids and real cids.
    local rid = string.format("wrk%02d%027d", tid or 0, n)
    local cid = string.format("%02d%030d", tid or 0, n)
    return wrk.format(nil, nil, nil, head .. rid .. middle .. cid .. tail)
  end
end
