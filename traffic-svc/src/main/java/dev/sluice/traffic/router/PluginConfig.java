package dev.sluice.traffic.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.sluice.events.Json;

/**
 * Reads a router plugin's configuration ({@code trafficRouting.plugins.<name>}, an opaque JSON object) into the
 * router's own record. Strict: an unknown key is an error naming it (a typo must not fall back to a default).
 */
public final class PluginConfig {
    private PluginConfig() {
    }

    /** @throws RouteException naming {@code routing.plugins.<name>} and what is wrong with it */
    public static <T> T read(String name, JsonNode config, Class<T> type) {
        String at = "routing.plugins." + name;
        if (config == null || !config.isObject()) {
            throw new RouteException(at + " must be an object");
        }
        try {
            return Json.mapper().readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).treeToValue(config, type);
        } catch (UnrecognizedPropertyException e) {
            throw new RouteException(at + " has an unknown field '" + e.getPropertyName() + "' (known: "
                    + String.join(", ", e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()) + ")");
        } catch (JsonProcessingException e) {
            throw new RouteException(at + " cannot be read: " + e.getOriginalMessage());
        }
    }
}
