package io.vigil.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Expected values are what CPython 3 prints for json.dumps(json.loads(input)). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\":\"b\",\"c\":[1,2.5,true,null]}|{\"a\": \"b\", \"c\": [1, 2.5, true, null]}",
        "\"caf\u00e9 \\\"q\\\" \\n\"|\"caf\\u00e9 \\\"q\\\" \\n\"",
        "1e16|1e+16",
        "0.0001|0.0001",
        "0.00001|1e-05",
        "123456789.25|123456789.25",
        "-2.0|-2.0",
        "[]|[]"
    })
    void writesWhatPythonWrites(String input, String python) throws Exception {
        assertEquals(python, PythonJson.dumps(JSON.readTree(input)));
    }
}
