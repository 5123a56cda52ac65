package dev.sluice.analysis.redact;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every Secret value this replica has read (a {@code secretKeyRef} arg, a provider's Secret), so that it can be
 * taken out of any text that leaves the service: measurement values and messages, run messages, events, log lines,
 * API answers. A value is replaced by {@value #MASK} as it is, URL-encoded (form and path style), JSON-escaped and
 * Base64-encoded; and the password of any URL's userinfo ({@code https://user:pass@host}) is masked whatever it is.
 * Values shorter than {@value #MIN_LENGTH} characters are not masked (they would match everywhere). The newest
 * {@value #MAX_VALUES} values are kept; a Secret read again is remembered again.
 */
@ApplicationScoped
public class SecretValues {
    public static final String MASK = "*****";
    static final int MIN_LENGTH = 4;
    static final int MAX_VALUES = 1024;
    private static final Pattern USERINFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^/@\\s:]*:)([^@/\\s]+)@");

    private final Map<String, List<String>> forms = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
            return size() > MAX_VALUES;
        }
    };
    /** Every form of every value, longest first (so a longer form is masked before a shorter one inside it). */
    private volatile List<String> needles = List.of();

    /** Remembers a Secret's value; returns it unchanged. */
    public String remember(String value) {
        if (value == null || value.length() < MIN_LENGTH) {
            return value;
        }
        synchronized (forms) {
            if (forms.get(value) == null) {
                forms.put(value, formsOf(value));
                List<String> all = new ArrayList<>();
                forms.values().forEach(all::addAll);
                all.sort(Comparator.comparingInt(String::length).reversed());
                needles = List.copyOf(all);
            }
        }
        return value;
    }

    /** The text with every remembered value and every URL password masked. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String n : needles) {
            if (out.contains(n)) {
                out = out.replace(n, MASK);
            }
        }
        Matcher m = USERINFO.matcher(out);
        return m.find() ? m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + MASK + "@")) : out;
    }

    private static List<String> formsOf(String value) {
        List<String> f = new ArrayList<>();
        f.add(value);
        String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
        f.add(form);
        f.add(form.replace("+", "%20"));
        f.add(new String(JsonStringEncoder.getInstance().quoteAsString(value)));
        f.add(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        f.add(Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        return f.stream().filter(s -> s.length() >= MIN_LENGTH).distinct().toList();
    }
}
