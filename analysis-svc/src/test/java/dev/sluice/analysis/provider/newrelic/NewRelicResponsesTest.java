package dev.sluice.analysis.provider.newrelic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.provider.ProviderResult;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NewRelicResponsesTest {

    static Stream<Arguments> parse() {
        return Stream.of(
                Arguments.of("gives the aliased value of the one result as a map", 200, """
                        {"data":{"actor":{"account":{"nrql":{"results":[{"errPct":1.25}]}}}}}""",
                        new ProviderResult.Value(Map.of("errPct", 1.25), "{\"errPct\":1.25}")),
                Arguments.of("keeps unaliased keys such as average.duration", 200, """
                        {"data":{"actor":{"account":{"nrql":{"results":[{"average.duration":0.2,"count":120}]}}}}}""",
                        new ProviderResult.Value(map("average.duration", 0.2, "count", 120.0),
                                "{\"average.duration\":0.2,\"count\":120}")),
                Arguments.of("gives one map per facet as a list", 200, """
                        {"data":{"actor":{"account":{"nrql":{"results":[
                          {"facet":"canary","errPct":2.5,"appName":"canary"},
                          {"facet":"stable","errPct":0.5,"appName":"stable"}]}}}}}""",
                        new ProviderResult.Value(List.of(map("facet", "canary", "errPct", 2.5, "appName", "canary"),
                                map("facet", "stable", "errPct", 0.5, "appName", "stable")),
                                "[{\"facet\":\"canary\",\"errPct\":2.5,\"appName\":\"canary\"},"
                                        + "{\"facet\":\"stable\",\"errPct\":0.5,\"appName\":\"stable\"}]")),
                Arguments.of("is no data when there are no results", 200, """
                        {"data":{"actor":{"account":{"nrql":{"results":[]}}}}}""",
                        new ProviderResult.NoData("New Relic returned no results for the query")),
                Arguments.of("is no data when the one aggregate is null", 200, """
                        {"data":{"actor":{"account":{"nrql":{"results":[{"errPct":null}]}}}}}""",
                        new ProviderResult.NoData("New Relic returned only nulls for the query (no data in the window)")),
                Arguments.of("is a failure when GraphQL errors come with HTTP 200", 200, """
                        {"errors":[{"message":"NRQL Syntax Error: Error at line 1 position 8, unexpected 'FROMM'",
                          "path":["actor","account","nrql"],"extensions":{"errorClass":"INVALID_INPUT"}}],
                         "data":{"actor":{"account":{"nrql":null}}}}""",
                        new ProviderResult.Failure("New Relic could not run the query: NRQL Syntax Error: Error at line 1 "
                                + "position 8, unexpected 'FROMM'")),
                Arguments.of("is a failure with every GraphQL error message", 200, """
                        {"errors":[{"message":"first"},{"message":"second"}],"data":null}""",
                        new ProviderResult.Failure("New Relic could not run the query: first; second")),
                Arguments.of("says the key was refused on a 401", 401, """
                        {"errors":[{"message":"Invalid API key"}]}""",
                        new ProviderResult.Failure("New Relic answered HTTP 401 (check personal-api-key): Invalid API key")),
                Arguments.of("says a 429 is a rate limit", 429, "Too Many Requests",
                        new ProviderResult.Failure("New Relic answered HTTP 429 (rate limited): Too Many Requests")),
                Arguments.of("quotes a non-JSON 503", 503, "upstream connect error",
                        new ProviderResult.Failure("New Relic answered HTTP 503: upstream connect error")),
                Arguments.of("is a failure on a malformed body", 200, "{\"data\":",
                        new ProviderResult.Failure("New Relic answered something that is not a JSON object: {\"data\":")),
                Arguments.of("is a failure when the results are missing", 200, "{\"data\":{\"actor\":{\"account\":null}}}",
                        new ProviderResult.Failure("New Relic's answer has no data.actor.account.nrql.results: "
                                + "{\"data\":{\"actor\":{\"account\":null}}}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void parse(String name, int status, String body, ProviderResult expected) {
        assertThat(NewRelicResponses.parse(status, body)).isEqualTo(expected);
    }

    static Stream<Arguments> endpoint() {
        return Stream.of(
                Arguments.of("uses the US endpoint without a region", Optional.empty(), Optional.empty(),
                        new NewRelicConfig.Endpoint.Found(URI.create("https://api.newrelic.com/graphql"))),
                Arguments.of("uses the US endpoint for region us", Optional.of("us"), Optional.empty(),
                        new NewRelicConfig.Endpoint.Found(URI.create("https://api.newrelic.com/graphql"))),
                Arguments.of("uses the EU endpoint for region eu", Optional.of("EU"), Optional.empty(),
                        new NewRelicConfig.Endpoint.Found(URI.create("https://api.eu.newrelic.com/graphql"))),
                Arguments.of("prefers a proxy's base-url-nerdgraph", Optional.of("eu"), Optional.of("https://proxy.corp/graphql"),
                        new NewRelicConfig.Endpoint.Found(URI.create("https://proxy.corp/graphql"))),
                Arguments.of("refuses an unknown region", Optional.of("asia"), Optional.empty(),
                        new NewRelicConfig.Endpoint.Invalid("key region must be us or eu, not 'asia'")),
                Arguments.of("refuses a base-url-nerdgraph that is no URL", Optional.empty(), Optional.of("proxy.corp"),
                        new NewRelicConfig.Endpoint.Invalid("key base-url-nerdgraph is not a URL such as "
                                + "https://api.newrelic.com/graphql")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void endpoint(String name, Optional<String> region, Optional<String> baseUrl, NewRelicConfig.Endpoint expected) {
        assertThat(NewRelicConfig.endpoint(region, baseUrl)).isEqualTo(expected);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        List<Object> list = Arrays.asList(keysAndValues);
        for (int i = 0; i < list.size(); i += 2) {
            map.put((String) list.get(i), list.get(i + 1));
        }
        return map;
    }
}
