-- wrk script for bench/load: each request is the next path of a file (one URL-encoded request path
-- per line, e.g. /api/v1/trials?q=%E8%82%BA%E3%81%8C%E3%82%93), rotating through the file. Each
-- wrk thread starts at its own offset, so threads do not ask the same query at the same moment.
--   wrk -t2 -c16 -d20s --latency -s bench/load.lua http://127.0.0.1:PORT -- PATHS_FILE
local paths = {}
local next_index = 1
local thread_count = 0

function setup(thread)
  thread:set("thread_number", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  local file = args[1]
  if file == nil then
    error("bench/load.lua needs a paths file: wrk ... -s bench/load.lua URL -- PATHS_FILE")
  end
  for line in io.lines(file) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("no request paths in " .. file)
  end
  -- thread_number is set by setup(); spread the threads' starting points over the list (thread 1
  -- starts 0.618 of the way in, so two threads are far apart).
  local n = tonumber(thread_number) or 0
  next_index = math.floor(n * 0.618 * #paths) % #paths + 1
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end

-- With a second argument N (bench/load's 1.2M-request run), each thread stops after N responses.
-- Only then is response() defined, since it makes wrk hand every body to Lua.
local limit = nil
local done = 0
local base_init = init
function init(args)
  base_init(args)
  limit = tonumber(args[2])
  if limit then
    response = function(status, headers, body)
      done = done + 1
      if done >= limit then
        wrk.thread:stop()
      end
    end
  end
end
