package dev.sluice.notify.decide;

import java.util.List;

/** What one event asks for: the deliveries, and every configuration problem met on the way (each skipped, named). */
public record Plan(List<Delivery> deliveries, List<String> problems) {
}
