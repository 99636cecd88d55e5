-- wrk script of the load test (bench/beban.py writes bench_paths.lua next to a copy of it).
-- One connection per thread (-t N -c N), so request() and response() alternate and each
-- request's latency is measured here, per page kind, with a monotonic clock (LuaJIT ffi).
-- Each thread logs in as its own user: a session cookie per thread.
-- Request mix (weights out of 100) is in bench_paths.lua: MIX = {{kind, weight}, ...}.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } rd_timespec;
  int clock_gettime(int clk_id, rd_timespec *tp);
]]
local ts = ffi.new("rd_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  thread:set("cookie", COOKIES[((counter - 1) % #COOKIES) + 1])
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  math.randomseed(1000 + id)
  -- wrk copies only flat tables between threads: one latency list (µs) per kind in a global
  -- L_<kind>, status counts keyed "kind:code", requests lost (timeouts, resets) per kind.
  for _, m in ipairs(MIX) do _G["L_" .. m[1]] = {} end
  status = {}
  lost = {}
  pending = nil
  t0 = 0
  wrk.headers["Cookie"] = cookie
  wrk.headers["Accept"] = "text/html"
  -- cumulative weights
  cum = {}
  local total = 0
  for _, m in ipairs(MIX) do
    total = total + m[2]
    table.insert(cum, {m[1], total})
  end
  cum_total = total
end

local function pick_kind()
  local r = math.random() * cum_total
  for _, c in ipairs(cum) do
    if r < c[2] then return c[1] end
  end
  return cum[#cum][1]
end

function request()
  if pending ~= nil then
    lost[pending] = (lost[pending] or 0) + 1
  end
  local kind = pick_kind()
  local list = PATHS[kind]
  local path = list[math.random(#list)]
  pending = kind
  t0 = now_us()
  return wrk.format("GET", path)
end

function response(code, headers, body)
  local kind = pending
  if kind == nil then return end
  local dt = now_us() - t0
  pending = nil
  table.insert(_G["L_" .. kind], dt)
  local key = kind .. ":" .. code
  status[key] = (status[key] or 0) + 1
end

local function pct(sorted, p)
  if #sorted == 0 then return 0 end
  local i = math.ceil(#sorted * p / 100)
  if i < 1 then i = 1 end
  return sorted[i]
end

function done(summary, latency, requests)
  local all_lat, all_status, all_lost = {}, {}, {}
  for _, t in ipairs(threads) do
    for _, m in ipairs(MIX) do
      local kind = m[1]
      all_lat[kind] = all_lat[kind] or {}
      for _, v in ipairs(t:get("L_" .. kind) or {}) do table.insert(all_lat[kind], v) end
    end
    for key, n in pairs(t:get("status") or {}) do
      local kind, code = string.match(key, "^(.*):(%d+)$")
      all_status[kind] = all_status[kind] or {}
      code = tonumber(code)
      all_status[kind][code] = (all_status[kind][code] or 0) + n
    end
    for kind, n in pairs(t:get("lost") or {}) do all_lost[kind] = (all_lost[kind] or 0) + n end
  end
  local secs = summary.duration / 1000000
  local out = {}
  for _, m in ipairs(MIX) do
    local kind = m[1]
    local list = all_lat[kind] or {}
    table.sort(list)
    local ok, err = 0, 0
    local codes = {}
    for code, n in pairs(all_status[kind] or {}) do
      if code == 200 then ok = ok + n else err = err + n end
      table.insert(codes, string.format('"%d": %d', code, n))
    end
    table.insert(out, string.format(
      '"%s": {"requests": %d, "rps": %.2f, "p50_ms": %.1f, "p90_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, "errors": %d, "unanswered": %d, "status": {%s}}',
      kind, #list, #list / secs, pct(list, 50) / 1000, pct(list, 90) / 1000, pct(list, 99) / 1000,
      (list[#list] or 0) / 1000, err, all_lost[kind] or 0, table.concat(codes, ", ")))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"duration_s": %.2f, "requests": %d, "rps": %.2f, "p50_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d}, "pages": {%s}}\n',
    secs, summary.requests, summary.requests / secs, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.connect, e.read, e.write, e.timeout,
    e.status, table.concat(out, ", ")))
end
