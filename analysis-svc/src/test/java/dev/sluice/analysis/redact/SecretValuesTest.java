package dev.sluice.analysis.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretValuesTest {
    static final String SECRET = "p@ss word/\"quoted\"+1";

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("masks the value as it is", "token " + SECRET + " refused", "token ***** refused"),
                Arguments.of("masks it URL-encoded in a query", "GET /q?key=" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8) + " 500",
                        "GET /q?key=***** 500"),
                Arguments.of("masks it percent-encoded in a path", "/v1/" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8).replace("+", "%20") + "/x",
                        "/v1/*****/x"),
                Arguments.of("masks it JSON-escaped in a body", "{\"token\":\"p@ss word/\\\"quoted\\\"+1\"}", "{\"token\":\"*****\"}"),
                Arguments.of("masks it Base64-encoded in a header", "Authorization: Basic "
                        + Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)), "Authorization: Basic *****"),
                Arguments.of("masks every occurrence", SECRET + "," + SECRET, "*****,*****"),
                Arguments.of("masks the password of any URL's userinfo", "calling https://bob:hunter2@metrics.example/api failed",
                        "calling https://bob:*****@metrics.example/api failed"),
                Arguments.of("leaves a URL without a password alone", "https://bob@metrics.example/api and http://h:80/x",
                        "https://bob@metrics.example/api and http://h:80/x"),
                Arguments.of("leaves other text alone", "measured 0.99 at 12:00", "measured 0.99 at 12:00"),
                Arguments.of("keeps null", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void redacts(String behaviour, String text, String expected) {
        SecretValues values = new SecretValues();
        values.remember(SECRET);
        assertThat(values.redact(text)).isEqualTo(expected);
    }

    @Test
    void values_too_short_to_mask_safely_are_not_remembered() {
        SecretValues values = new SecretValues();
        values.remember("abc");
        assertThat(values.redact("abcdef")).isEqualTo("abcdef");
    }

    @Test
    void remembers_at_most_the_newest_values() {
        SecretValues values = new SecretValues();
        for (int i = 0; i < SecretValues.MAX_VALUES + 10; i++) {
            values.remember("secret-" + i);
        }
        assertThat(values.redact("secret-0;")).isEqualTo("secret-0;");
        assertThat(values.redact("secret-" + (SecretValues.MAX_VALUES + 9) + ";")).isEqualTo("*****;");
    }

    @Test
    void long_values_and_messages_are_cut_with_a_note() {
        String huge = "x".repeat(1 << 20);
        String cut = MeasurementText.truncate(huge);
        assertThat(cut).hasSizeLessThanOrEqualTo(MeasurementText.MAX_CHARS).endsWith(" more characters cut)")
                .contains("(" + ((1 << 20) - (MeasurementText.MAX_CHARS - 48)) + " more");
        assertThat(MeasurementText.truncate("short")).isEqualTo("short");
    }
}
