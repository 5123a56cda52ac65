-- Argo CD health check for sluice.dev/AnalysisRun (resource.customizations.health.sluice.dev_AnalysisRun).
-- Successful: Healthy. Failed or Error: Degraded. Inconclusive: Suspended (a person decides: promote or abort the
-- rollout). Pending, Running or no status yet: Progressing.
local hs = {}
local phase = nil
if obj.status ~= nil then
  phase = obj.status.phase
end
if phase == "Successful" then
  hs.status = "Healthy"
elseif phase == "Failed" or phase == "Error" then
  hs.status = "Degraded"
elseif phase == "Inconclusive" then
  hs.status = "Suspended"
else
  hs.status = "Progressing"
end
if obj.status ~= nil and obj.status.message ~= nil and obj.status.message ~= "" then
  hs.message = obj.status.message
else
  hs.message = "AnalysisRun is " .. string.lower(phase or "pending")
end
return hs
