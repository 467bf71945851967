package io.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vigil.sigma.Placeholders;
import io.vigil.tools.SigmaTool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * SigmaHQ's rules and regression tests ({@code ../shared/fixtures/sigma}, or {@code -Dvigil.sigma}): what
 * {@code ./vigil sigma check} and {@code regress} report, held to the goals of issue 20.
 */
public class SigmaConformanceTest {

    private static final Path CORPUS = Path.of(System.getProperty("vigil.sigma", "../../shared/fixtures/sigma"));

    private static SigmaTool tool(ByteArrayOutputStream report) {
        return new SigmaTool(new PrintStream(report, true, StandardCharsets.UTF_8), Placeholders.NONE);
    }

    /** At least 99 % of the rules load; those refused are refused only for what the specification says to refuse. */
    @Test
    public void sigmaHqRulesLoad() throws Exception {
        assertTrue("no Sigma corpus at " + CORPUS.toAbsolutePath(), Files.isDirectory(CORPUS));
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        SigmaTool.Result result = tool(report).check(CORPUS);
        String text = report.toString(StandardCharsets.UTF_8);
        int total = result.passed() + result.failed();
        assertTrue(text, total > 1000);
        assertTrue(text, result.passed() >= total * 0.99);
        // Placeholders without values must refuse a rule (the specification); nothing else may.
        result.failures().forEach(failure -> assertTrue(failure, failure.startsWith("placeholder: ")));
        assertTrue(text, text.contains("sigma: " + result.passed() + " passed, " + result.failed() + " failed"));
    }

    /** Every regression case: the rule matches its sample's Windows events after Vigil's own normalisation. */
    @Test
    public void sigmaHqRegressionCasesPass() throws Exception {
        long cases;
        try (Stream<Path> files = Files.walk(CORPUS.resolve("regression_data"))) {
            cases = files.filter(file -> file.getFileName().toString().equals("info.yml")).count();
        }
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        SigmaTool.Result result = tool(report).regress(CORPUS, CORPUS);
        String text = report.toString(StandardCharsets.UTF_8);
        assertTrue(text, cases > 0);
        assertEquals(text, 0, result.failed());
        assertEquals(text, cases, result.passed());
    }
}
