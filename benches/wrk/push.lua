-- wrk script of BENCHMARKS.md: POSTs the single push written by
-- `getui-bench wrk-body` (file $GETUI_WRK_BODY, default wrk-body.json) to getui-mock, with a
-- fresh requestId and client id in every request, so that the server does the same work as for
-- the SDK's pushes (it de-duplicates on requestId) and the body keeps its length. A body
-- without the markers (`wrk-body --fixed`, for the nginx baseline) is sent as it is, the same
-- body every time.
--
--   GETUI_WRK_BODY=wrk-body.json wrk -t2 -c64 -d10s --latency -s benches/wrk/push.lua \
--       http://127.0.0.1:PORT/apiex.htm

local path = os.getenv("GETUI_WRK_BODY") or "wrk-body.json"
local file = assert(io.open(path, "rb"))
local body = file:read("*a")
file:close()

wrk.method = "POST"
wrk.headers["Content-Type"] = "text/html;charset=UTF-8"
wrk.headers["Gt-Action"] = "pushMessageToSingleAction"

local rid_at, rid_end = body:find("@@REQUEST_ID@@", 1, true)
local cid_at, cid_end = body:find("@@CLIENT_ID@@", 1, true)

if not rid_at and not cid_at then
  -- One fixed body (`getui-bench wrk-body --fixed`): wrk sends wrk.body, no `request`
  -- function, no Lua per request.
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

  local function build(t, n)
    -- 36 characters like a UUID, 32 like a client id.
    local rid = string.format("wrk%02d%031d", t, n)
    local cid = string.format("%02d%030d", t, n)
    return wrk.format(nil, nil, nil, head .. rid .. middle .. cid .. tail)
  end

  -- GETUI_WRK_POOL=N builds N distinct requests per thread before the run and cycles through
  -- them (no string garbage, hence no Lua GC pauses, during the run); otherwise each request
  -- is built when it is sent.
  local pool_size = tonumber(os.getenv("GETUI_WRK_POOL") or "0")
  local pool = nil
  local n = 0

  function init(args)
    if pool_size > 0 then
      pool = {}
      for i = 1, pool_size do
        pool[i] = build(tid or 0, i)
      end
    end
  end

  function request()
    n = n + 1
    if pool then
      return pool[(n - 1) % pool_size + 1]
    end
    return build(tid or 0, n)
  end
end
