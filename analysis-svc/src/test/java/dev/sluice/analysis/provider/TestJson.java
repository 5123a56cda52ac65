package dev.sluice.analysis.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON text as a tree, for provider tests that write configs and answers inline. */
public final class TestJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestJson() {
    }

    public static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
