echo before
local x=1
echo after
