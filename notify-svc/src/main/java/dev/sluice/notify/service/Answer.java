package dev.sluice.notify.service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An HTTP answer (status, headers with lower-case names, body) and the rules every service shares for reading it. */
public record Answer(int status, Map<String, List<String>> headers, String body) {

    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** 408, 425, 429 and 5xx: the service may take the same request later. */
    public boolean transientStatus() {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }

    /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
    public Duration retryAfter(Instant now) {
        String value = header("retry-after");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(value.trim());
            return seconds < 0 ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(now, ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** The start of the body, for a reason sentence. */
    public String bodyStart() {
        String b = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return b.length() > 200 ? b.substring(0, 200) + "…" : b;
    }

    public String statusText() {
        return "HTTP " + status + (bodyStart().isEmpty() ? "" : " " + bodyStart());
    }

    static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
