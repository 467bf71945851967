package io.vigil.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleTest {

    private final Console console = new Console(ConsoleTest.class.getClassLoader()::getResourceAsStream);

    @Test
    void servesTheAppAndItsWebJarsWithTheirTypes() {
        Console.Answer index = console.answer("GET", "/ui/", null);
        assertEquals(200, index.status());
        assertEquals("text/html; charset=utf-8", index.contentType());
        String html = new String(index.body());
        assertTrue(html.contains("webjars/uplot/1.6.30/dist/uPlot.iife.min.js"), "the WebJar's version is filled in by the build: " + html);
        Console.Answer uplot = console.answer("GET", "/ui/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", null);
        assertEquals(200, uplot.status());
        assertEquals("text/javascript; charset=utf-8", uplot.contentType());
        assertEquals("text/css; charset=utf-8", console.answer("GET", "/ui/app.css", null).contentType());
    }

    @Test
    void redirectsToTheConsoleAndAnswersUnchangedFilesWith304() {
        Console.Answer root = console.answer("GET", "/ui", null);
        assertEquals(302, root.status());
        assertEquals("/ui/", root.headers().get("Location"));
        String etag = console.answer("GET", "/ui/app.js", null).headers().get("ETag");
        Console.Answer again = console.answer("GET", "/ui/app.js", etag);
        assertEquals(304, again.status());
        assertArrayEquals(new byte[0], again.body());
        assertEquals(0, console.answer("HEAD", "/ui/app.js", null).body().length);
    }

    @Test
    void nothingOutsideItsFoldersAndNoChanges() {
        for (String path : new String[] {"/ui/../io/vigil/web/Console.class", "/ui/webjars/../../MANIFEST.MF", "/ui/%2e%2e/x", "/ui//etc",
            "/ui/.hidden", "/uix", "/ui/webjars/", "/ui\\..\\x"}) {
            assertEquals(Optional.empty(), Console.resource(path), path);
        }
        assertEquals(404, console.answer("GET", "/ui/nothing.js", null).status());
        assertTrue(new String(console.answer("GET", "/ui/nothing.js", null).body()).contains("/ui/"));
        Console.Answer post = console.answer("POST", "/ui/", null);
        assertEquals(405, post.status());
        assertEquals("GET, HEAD", post.headers().get("Allow"));
    }

    @Test
    void refusesFramingAndForeignScripts() {
        assertTrue(Console.HEADERS.get("Content-Security-Policy").contains("script-src 'self'"));
        assertTrue(Console.HEADERS.get("Content-Security-Policy").contains("frame-ancestors 'none'"));
        assertEquals("DENY", Console.HEADERS.get("X-Frame-Options"));
    }
}
