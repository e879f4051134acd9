import { createHash } from 'node:crypto';

/**
 * The one Redis script that decides a request's rate limit, API-wide limit and quota
 * together, atomically, on Redis's own clock (`TIME`), so any number of gateway processes
 * share exact limits. Check everything first, write only when every limit admits: a
 * request denied by any limit consumes none of them (a rate-limited call never uses quota).
 *
 * Rate limits are GCRA with one TAT ("theoretical arrival time", epoch ms) per key:
 * emission interval T = window / limit; a request at `now` is admitted when
 * `max(TAT, now) + T - T * burst <= now`, so exactly `burst` requests pass from idle and
 * then one every T. The quota is a counter per subscription and billing period.
 *
 * KEYS: the rate key, the API key, the quota key, each only when that limit applies, in this order.
 * ARGV: rateT (ms, 0 = none), rateBurst, apiT (ms, 0 = none), apiBurst,
 *       quotaLimit (-1 = none), quotaExpireAt (unix seconds).
 * Returns {outcome, rateRemaining, rateResetMs, retryMs, apiRemaining, apiResetMs, quotaUsed}:
 * outcome 0 admitted, 1 rate limit, 2 API limit, 3 quota; -1 where a limit does not apply.
 * Redis truncates numbers to integers on return: remaining values are floored, times rounded up.
 */
export const limitScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local rateT, rateBurst = tonumber(ARGV[1]), tonumber(ARGV[2])
local apiT, apiBurst = tonumber(ARGV[3]), tonumber(ARGV[4])
local quotaLimit = tonumber(ARGV[5])
local k = 1
local rateKey, apiKey, quotaKey
if rateT > 0 then rateKey = KEYS[k]; k = k + 1 end
if apiT > 0 then apiKey = KEYS[k]; k = k + 1 end
if quotaLimit >= 0 then quotaKey = KEYS[k] end

local out = {0, -1, 0, 0, -1, 0, -1}

local function tatOf(key)
  local tat = tonumber(redis.call('GET', key))
  if tat == nil or tat < now then return now end
  return tat
end

-- remaining after a TAT, and ms until the bucket is full again
local function state(tat, T, burst)
  local remaining = math.floor((now + T * burst - tat) / T)
  if remaining < 0 then remaining = 0 end
  return remaining, math.ceil(tat - now)
end

-- Read up front so every answer, denied or not, can report the quota left.
if quotaKey then out[7] = tonumber(redis.call('GET', quotaKey)) or 0 end

local rateTat, rateNew, apiTat, apiNew
if rateKey then
  rateTat = tatOf(rateKey)
  rateNew = rateTat + rateT
  local allowAt = rateNew - rateT * rateBurst
  if allowAt > now then
    out[1] = 1
    out[2], out[3] = state(rateTat, rateT, rateBurst)
    out[4] = math.ceil(allowAt - now)
    return out
  end
end
if apiKey then
  apiTat = tatOf(apiKey)
  apiNew = apiTat + apiT
  local allowAt = apiNew - apiT * apiBurst
  if allowAt > now then
    out[1] = 2
    if rateKey then out[2], out[3] = state(rateTat, rateT, rateBurst) end
    out[5], out[6] = state(apiTat, apiT, apiBurst)
    out[4] = math.ceil(allowAt - now)
    return out
  end
end
if quotaKey then
  if out[7] >= quotaLimit then
    out[1] = 3
    if rateKey then out[2], out[3] = state(rateTat, rateT, rateBurst) end
    if apiKey then out[5], out[6] = state(apiTat, apiT, apiBurst) end
    return out
  end
  out[7] = redis.call('INCR', quotaKey)
  if out[7] == 1 then redis.call('EXPIREAT', quotaKey, ARGV[6]) end
end
if rateKey then
  redis.call('SET', rateKey, string.format('%.3f', rateNew), 'PX', math.ceil(rateNew - now) + 1)
  out[2], out[3] = state(rateNew, rateT, rateBurst)
end
if apiKey then
  redis.call('SET', apiKey, string.format('%.3f', apiNew), 'PX', math.ceil(apiNew - now) + 1)
  out[5], out[6] = state(apiNew, apiT, apiBurst)
end
return out
`;

export const limitScriptSha = createHash('sha1').update(limitScript).digest('hex');

/** The script's first result. */
export const limitOutcome = { admitted: 0, rateLimited: 1, apiLimited: 2, quotaExceeded: 3 } as const;
