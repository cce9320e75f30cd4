-- A new address for every request, so that none is served from the page cache.
local thread_number = 0

function setup(thread)
  thread_number = thread_number + 1
  thread:set("thread_id", thread_number)
end

local counter = 0

function request()
  counter = counter + 1
  return wrk.format(nil, "/projects/?q=water&bench=" .. thread_id .. "-" .. counter)
end
