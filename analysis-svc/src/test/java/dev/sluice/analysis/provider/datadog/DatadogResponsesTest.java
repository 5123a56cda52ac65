package dev.sluice.analysis.provider.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.provider.ProviderResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DatadogResponsesTest {

    static Stream<Arguments> v1() {
        return Stream.of(
                Arguments.of("takes the last non-null point of the only series", 200, """
                        {"status":"ok","res_type":"time_series","from_date":1717000000000,"to_date":1717000300000,
                         "series":[{"metric":"requests.error.rate","scope":"service:web",
                                    "pointlist":[[1717000180000,0.02],[1717000240000,0.011],[1717000300000,null]]}]}""",
                        new ProviderResult.Value(0.011, "0.011")),
                Arguments.of("gives one value per series for a query grouped by a tag", 200, """
                        {"status":"ok","series":[
                          {"scope":"track:canary","pointlist":[[1717000240000,0.5],[1717000300000,0.25]]},
                          {"scope":"track:stable","pointlist":[[1717000240000,0.125]]},
                          {"scope":"track:old","pointlist":[[1717000240000,null]]}]}""",
                        new ProviderResult.Value(List.of(0.25, 0.125, Double.NaN), "[0.25,0.125,NaN]")),
                Arguments.of("is no data when no series matched", 200, """
                        {"status":"ok","res_type":"time_series","series":[],"from_date":1,"to_date":2}""",
                        new ProviderResult.NoData("Datadog returned no series for the query")),
                Arguments.of("is no data when every point is null", 200, """
                        {"status":"ok","series":[{"pointlist":[[1717000240000,null],[1717000300000,null]]}]}""",
                        new ProviderResult.NoData("Datadog returned no non-null point for the query")),
                Arguments.of("is no data when the point list is empty", 200, """
                        {"status":"ok","series":[{"pointlist":[]}]}""",
                        new ProviderResult.NoData("Datadog returned no non-null point for the query")),
                Arguments.of("is a failure with Datadog's words when the status is error", 200, """
                        {"status":"error","error":"Error parsing query: unable to parse sum:x{: Rule 'scope_expr' didn't match"}""",
                        new ProviderResult.Failure("Datadog could not run the query: Error parsing query: unable to parse "
                                + "sum:x{: Rule 'scope_expr' didn't match")),
                Arguments.of("is a failure quoting the errors of a 400", 400, """
                        {"errors":["The value provided for parameter 'query' is invalid"]}""",
                        new ProviderResult.Failure("Datadog answered HTTP 400: The value provided for parameter 'query' is invalid")),
                Arguments.of("says keys were refused on a 403", 403, """
                        {"errors":["Forbidden"]}""",
                        new ProviderResult.Failure("Datadog refused the API or application key (HTTP 403): Forbidden")),
                Arguments.of("says a 429 is a rate limit", 429, """
                        {"errors":["Rate limit of 1600 requests in 3600 seconds reached. Please try again later."]}""",
                        new ProviderResult.Failure("Datadog rate limit reached (HTTP 429), the query was not run: Rate limit "
                                + "of 1600 requests in 3600 seconds reached. Please try again later.")),
                Arguments.of("quotes a non-JSON error page", 502, "<html><body>Bad Gateway</body></html>",
                        new ProviderResult.Failure("Datadog answered HTTP 502: <html><body>Bad Gateway</body></html>")),
                Arguments.of("is a failure on a malformed body", 200, "{\"status\":\"ok\",\"series\":[",
                        new ProviderResult.Failure("Datadog answered something that is not a JSON object: {\"status\":\"ok\",\"series\":[")),
                Arguments.of("is a failure when the series list is missing", 200, "{\"status\":\"ok\"}",
                        new ProviderResult.Failure("Datadog's answer has no series list: {\"status\":\"ok\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void v1(String name, int status, String body, ProviderResult expected) {
        assertThat(DatadogResponses.v1(status, body)).isEqualTo(expected);
    }

    static Stream<Arguments> v2() {
        return Stream.of(
                Arguments.of("reads the one row of the number column", 200, """
                        {"data":{"type":"scalar_response","attributes":{"columns":[
                          {"name":"a","type":"number","values":[0.0125],"meta":{"unit":null}}]}}}""",
                        new ProviderResult.Value(0.0125, "0.0125")),
                Arguments.of("reads the formula column next to group columns as a vector", 200, """
                        {"data":{"type":"scalar_response","attributes":{"columns":[
                          {"name":"resource_name","type":"group","values":[["GET /a"],["GET /b"],["GET /c"]]},
                          {"name":"a / b","type":"number","values":[0.01,null,2],"meta":{"unit":null}}]}}}""",
                        new ProviderResult.Value(List.of(0.01, Double.NaN, 2.0), "[0.01,NaN,2]")),
                Arguments.of("treats a column without type as a number column", 200, """
                        {"data":{"attributes":{"columns":[{"name":"query","values":[42]}]}}}""",
                        new ProviderResult.Value(42.0, "42")),
                Arguments.of("is no data when the only row is null", 200, """
                        {"data":{"type":"scalar_response","attributes":{"columns":[
                          {"name":"a","type":"number","values":[null]}]}}}""",
                        new ProviderResult.NoData("Datadog returned null for the query (no data in the window)")),
                Arguments.of("is no data when there are no rows", 200, """
                        {"data":{"type":"scalar_response","attributes":{"columns":[
                          {"name":"a","type":"number","values":[]}]}}}""",
                        new ProviderResult.NoData("Datadog returned no rows for the query")),
                Arguments.of("is no data when there are no columns", 200, """
                        {"data":{"type":"scalar_response","attributes":{"columns":[]}}}""",
                        new ProviderResult.NoData("Datadog returned no number column for the query")),
                Arguments.of("is a failure when the answer carries errors", 200, """
                        {"data":{"type":"scalar_response","attributes":{"columns":[]}},
                         "errors":"Query a: metric 'nope' not found"}""",
                        new ProviderResult.Failure("Datadog could not run the query: Query a: metric 'nope' not found")),
                Arguments.of("says a 429 is a rate limit", 429, """
                        {"errors":["Too many requests"]}""",
                        new ProviderResult.Failure("Datadog rate limit reached (HTTP 429), the query was not run: Too many requests")),
                Arguments.of("says keys were refused on a 401", 401, """
                        {"errors":["Unauthorized"]}""",
                        new ProviderResult.Failure("Datadog refused the API or application key (HTTP 401): Unauthorized")),
                Arguments.of("joins every error of a 400", 400, """
                        {"errors":["invalid formula","unknown query b"]}""",
                        new ProviderResult.Failure("Datadog answered HTTP 400: invalid formula; unknown query b")),
                Arguments.of("is a failure on a malformed body", 200, "not json at all",
                        new ProviderResult.Failure("Datadog answered something that is not a JSON object: not json at all")),
                Arguments.of("is a failure when the columns are missing", 200, "{\"data\":{}}",
                        new ProviderResult.Failure("Datadog's answer has no data.attributes.columns: {\"data\":{}}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void v2(String name, int status, String body, ProviderResult expected) {
        assertThat(DatadogResponses.v2(status, body)).isEqualTo(expected);
    }
}
