-- wrk script for bench/load: each request is the next path of a file (one URL-encoded request path
-- per line, e.g. /api/v1/trials?q=%E8%82%BA%E3%81%8C%E3%82%93), rotating through the file. Each
-- wrk thread starts at its own offset, so threads do not ask the same query at the same moment.
--   [LOAD_START=K LOAD_SPREAD=S] wrk -t2 -c16 -d20s --latency -s bench/load.lua http://127.0.0.1:PORT -- PATHS_FILE [LIMIT]
-- With LIMIT, each thread stops after LIMIT responses and done() prints how many responses came
-- back and in how many seconds (whole seconds: wrk itself keeps running to -d, so its own
-- "requests in" line and Requests/sec do not describe that run).
local paths = {}
local next_index = 1
local threads = {}

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

-- Globals, so done() can read them from each thread with thread:get().
responses, started, finished = 0, 0, 0

local function on_response()
  responses = responses + 1
  if responses >= limit then
    finished = os.time()
    wrk.thread:stop()
  end
end

function init(args)
  local file = args[1]
  if file == nil then
    error("bench/load.lua needs a paths file: wrk ... -s bench/load.lua URL -- PATHS_FILE [LIMIT]")
  end
  for line in io.lines(file) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("no request paths in " .. file)
  end
  -- Spread the threads' starting points (thread 1 starts 0.618 of the way in). For a query log
  -- (bench/load --queries log), LOAD_START and LOAD_SPREAD (line counts) give each thread of each
  -- run its own stretch of the log, so no run replays requests another run already sent.
  local n = tonumber(thread_number) or 0
  local start = tonumber(os.getenv("LOAD_START") or "") or 0
  local spread = tonumber(os.getenv("LOAD_SPREAD") or "") or math.floor(0.618 * #paths)
  next_index = (start + n * spread) % #paths + 1
  limit = tonumber(args[2])
  started = os.time()
  -- Only with a limit: defining response() makes wrk hand every body to Lua.
  if limit then
    response = on_response
  end
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local total, first, last, all_finished = 0, nil, 0, true
  for _, t in ipairs(threads) do
    if not tonumber(t:get("limit")) then
      return
    end
    total = total + t:get("responses")
    local s, f = t:get("started"), t:get("finished")
    if first == nil or s < first then first = s end
    if f == 0 then all_finished = false end
    if f > last then last = f end
  end
  io.write(string.format("limited run: %d responses in %d s%s\n", total, last - first,
                         all_finished and "" or " (some threads did not reach the limit)"))
end
