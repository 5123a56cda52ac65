package dev.sluice.traffic.shift;

import dev.sluice.traffic.router.Routers;
import dev.sluice.traffic.router.TrafficRouter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;

/** Builds the one {@link TrafficShifter}: every router, the Kubernetes store, the retry policy. */
public class ShiftWiring {

    @Produces
    @ApplicationScoped
    TrafficShifter shifter(ShiftConfig config, RouteStore store) {
        List<TrafficRouter> routers = Routers.all(config.hashLabel());
        Backoff backoff = new Backoff(config.retry().attempts(), config.retry().initialDelay(), config.retry().maxDelay());
        return new TrafficShifter(routers, store, backoff, d -> Thread.sleep(d.toMillis()));
    }
}
