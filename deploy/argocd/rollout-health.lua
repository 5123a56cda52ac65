-- Argo CD health check for sluice.dev/Rollout (resource.customizations.health.sluice.dev_Rollout).
-- Healthy: phase Healthy for the current generation. Suspended: Paused (a pause step, an inconclusive analysis or
-- the pause command; promote or resume continues). Degraded: Degraded or an InvalidSpec condition.
-- Progressing: everything else, including a spec change the controller has not observed yet.
local hs = {}
if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Sluice controller to observe the rollout"
  return hs
end
local status = obj.status
if status.conditions ~= nil then
  for _, c in ipairs(status.conditions) do
    if c.type == "InvalidSpec" and c.status == "True" then
      hs.status = "Degraded"
      hs.message = c.message or "InvalidSpec"
      return hs
    end
  end
end
if obj.metadata.generation ~= nil and status.observedGeneration ~= nil and obj.metadata.generation > status.observedGeneration then
  hs.status = "Progressing"
  hs.message = "Waiting for the Sluice controller to observe generation " .. obj.metadata.generation
  return hs
end
local messages = { Healthy = "Rollout is healthy", Progressing = "Rollout is progressing",
  Paused = "Rollout is paused", Degraded = "Rollout is degraded" }
local phase = status.phase or "Progressing"
if phase == "Healthy" then
  hs.status = "Healthy"
elseif phase == "Paused" then
  hs.status = "Suspended"
elseif phase == "Degraded" then
  hs.status = "Degraded"
else
  hs.status = "Progressing"
end
hs.message = status.message or messages[phase] or phase
return hs
