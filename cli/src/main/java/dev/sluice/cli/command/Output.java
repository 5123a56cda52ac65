package dev.sluice.cli.command;

import dev.sluice.cli.CliError;
import io.fabric8.kubernetes.client.utils.Serialization;

/** {@code -o json|yaml} on read commands. */
final class Output {
    private Output() {
    }

    static String format(String format, Object value) {
        return switch (format) {
            case "json" -> Serialization.asJson(value);
            case "yaml" -> Serialization.asYaml(value);
            default -> throw new CliError("unknown output format '" + format + "': use json or yaml");
        };
    }
}
