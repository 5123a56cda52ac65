package dev.sluice.analysis.provider.influxdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.provider.ProviderResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InfluxResponsesTest {

    static Stream<Arguments> flux() {
        return Stream.of(
                Arguments.of("reads _value of the one row as a one-element list", 200, """
                        #datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,double
                        #group,false,false,true,true,false
                        #default,_result,,,,
                        ,result,table,_start,_stop,_value
                        ,,0,2024-06-01T10:00:00Z,2024-06-01T10:05:00Z,0.0125

                        """,
                        new ProviderResult.Value(List.of(0.0125), "[0.0125]")),
                Arguments.of("gives one element per row of every table, with CRLF line ends", 200,
                        "#datatype,string,long,string,double\r\n#group,false,false,true,false\r\n#default,_result,,,\r\n"
                                + ",result,table,track,_value\r\n,,0,canary,0.5\r\n,,1,stable,0.25\r\n\r\n"
                                + "#datatype,string,long,string,long\r\n#group,false,false,true,false\r\n#default,other,,,\r\n"
                                + ",result,table,track,_value\r\n,,0,\"old, retired\",3\r\n\r\n",
                        new ProviderResult.Value(List.of(0.5, 0.25, 3.0), "[0.5,0.25,3]")),
                Arguments.of("starts a new table at annotations that follow rows without a blank line", 200, """
                        #datatype,string,long,double
                        #group,false,false,false
                        #default,_result,,
                        ,result,table,_value
                        ,,0,1.5
                        #datatype,string,long,string,long
                        #group,false,false,true,false
                        #default,_result,,,
                        ,result,table,host,_value
                        ,,1,web-1,2
                        """,
                        new ProviderResult.Value(List.of(1.5, 2.0), "[1.5,2]")),
                Arguments.of("reads a table without annotations", 200, """
                        ,result,table,_value
                        ,_result,0,42
                        """,
                        new ProviderResult.Value(List.of(42.0), "[42]")),
                Arguments.of("keeps an empty _value as NaN", 200, """
                        #datatype,string,long,double
                        #group,false,false,false
                        #default,_result,,
                        ,result,table,_value
                        ,,0,
                        ,,1,7.5
                        """,
                        new ProviderResult.Value(List.of(Double.NaN, 7.5), "[NaN,7.5]")),
                Arguments.of("is no data for an empty body", 200, "",
                        new ProviderResult.NoData("InfluxDB returned no rows for the query")),
                Arguments.of("is no data for a header without rows", 200, """
                        #datatype,string,long,double
                        #group,false,false,false
                        #default,_result,,
                        ,result,table,_value
                        """,
                        new ProviderResult.NoData("InfluxDB returned no rows for the query")),
                Arguments.of("is a failure for an error table in the stream", 200, """
                        #datatype,string,string
                        #group,true,true
                        #default,,
                        ,error,reference
                        ,"failed to execute query: panic: runtime error, index out of range",897
                        """,
                        new ProviderResult.Failure("InfluxDB failed while streaming the result: failed to execute query: "
                                + "panic: runtime error, index out of range (reference 897)")),
                Arguments.of("is a failure with the message of a 400", 400, """
                        {"code":"invalid","message":"compilation failed: error at @1:1-1:5: undefined identifier fromm"}""",
                        new ProviderResult.Failure("InfluxDB answered HTTP 400: compilation failed: error at @1:1-1:5: "
                                + "undefined identifier fromm")),
                Arguments.of("says the token was refused on a 401", 401, """
                        {"code":"unauthorized","message":"unauthorized access"}""",
                        new ProviderResult.Failure("InfluxDB answered HTTP 401 (check the token or credentials): unauthorized access")),
                Arguments.of("says a 429 is a rate limit", 429, """
                        {"code":"too many requests","message":"org 0a1b exceeded query quota"}""",
                        new ProviderResult.Failure("InfluxDB answered HTTP 429 (rate limited): org 0a1b exceeded query quota")),
                Arguments.of("is a failure when _value is not numeric", 200, """
                        #datatype,string,long,string
                        #group,false,false,false
                        #default,_result,,
                        ,result,table,_value
                        ,,0,GET
                        """,
                        new ProviderResult.Failure("InfluxDB's _value is string, not a number")),
                Arguments.of("is a failure when there is no _value column", 200, """
                        ,result,table,_time,errors,requests
                        ,_result,0,2024-06-01T10:00:00Z,3,100
                        """,
                        new ProviderResult.Failure("InfluxDB's result has no _value column (columns: result, table, _time, "
                                + "errors, requests)")),
                Arguments.of("is a failure on a malformed body", 200, "<html>proxy error</html>\nmore",
                        new ProviderResult.Failure("InfluxDB's result has no _value column (columns: <html>proxy error</html>)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void flux(String name, int status, String body, ProviderResult expected) {
        assertThat(InfluxResponses.flux(status, body)).isEqualTo(expected);
    }

    static Stream<Arguments> influxql() {
        return Stream.of(
                Arguments.of("reads the value column of the one row", 200, """
                        {"results":[{"statement_id":0,"series":[{"name":"http","tags":{"track":"canary"},
                           "columns":["time","mean"],"values":[[1717000300,0.0125]]}]}]}""",
                        new ProviderResult.Value(List.of(0.0125), "[0.0125]")),
                Arguments.of("gives one element per row of every series and statement", 200, """
                        {"results":[{"statement_id":0,"series":[
                            {"name":"http","tags":{"track":"canary"},"columns":["time","mean"],"values":[[1717000240,0.5],[1717000300,null]]},
                            {"name":"http","tags":{"track":"stable"},"columns":["time","mean"],"values":[[1717000300,0.25]]}]},
                          {"statement_id":1,"series":[{"name":"x","columns":["time","count"],"values":[[0,12]]}]}]}""",
                        new ProviderResult.Value(List.of(0.5, Double.NaN, 0.25, 12.0), "[0.5,NaN,0.25,12]")),
                Arguments.of("is no data for a statement without series", 200, """
                        {"results":[{"statement_id":0}]}""",
                        new ProviderResult.NoData("InfluxDB returned no rows for the query")),
                Arguments.of("is a failure for a statement error", 200, """
                        {"results":[{"statement_id":0,"error":"database not found: shop"}]}""",
                        new ProviderResult.Failure("InfluxDB could not run statement 0: database not found: shop")),
                Arguments.of("is a failure for a request error", 400, """
                        {"error":"error parsing query: found FORM, expected FROM at line 1, char 20"}""",
                        new ProviderResult.Failure("InfluxDB answered HTTP 400: error parsing query: found FORM, expected "
                                + "FROM at line 1, char 20")),
                Arguments.of("says credentials were refused on a 401", 401, """
                        {"error":"authorization failed"}""",
                        new ProviderResult.Failure("InfluxDB answered HTTP 401 (check the token or credentials): authorization failed")),
                Arguments.of("is a failure for a value that is not a number", 200, """
                        {"results":[{"statement_id":0,"series":[{"name":"x","columns":["time","last"],"values":[[0,"up"]]}]}]}""",
                        new ProviderResult.Failure("InfluxDB answered a value that is not a number in column last: \"up\"")),
                Arguments.of("is a failure on a malformed body", 200, "{\"results\":[",
                        new ProviderResult.Failure("InfluxDB answered something that is not a JSON object: {\"results\":[")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void influxql(String name, int status, String body, ProviderResult expected) {
        assertThat(InfluxResponses.influxql(status, body)).isEqualTo(expected);
    }
}
