package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One person at the console: Debian's Chromium, headless, driven through its own chromedriver (never one Selenium
 * would download), with a profile of its own, so two of them are two signed-in handlers.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    private final ChromeDriver driver;
    private final String base;

    Browser(String base) {
        this.base = base;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("VIGIL_CHROMIUM", "/usr/bin/chromium"));
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1440,1000",
                "--lang=en-GB", "--no-first-run", "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(executable("VIGIL_CHROMEDRIVER", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    private static String executable(String variable, String otherwise) {
        String given = System.getenv(variable);
        String path = given == null || given.isBlank() ? otherwise : given;
        if (!Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException(path + " is missing: ./vigil test installs Debian's chromium and chromium-driver (or set " + variable + ")");
        }
        return path;
    }

    Browser open(String hash) {
        driver.get(base + "/ui/" + hash);
        return this;
    }

    /** Signs in with the console's form and waits for the page behind it. */
    Browser signIn(String user, String password) {
        WebElement name = find(By.name("user"));
        name.clear();
        name.sendKeys(user);
        driver.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.id("signin")).click();
        await().atMost(20, SECONDS).until(() -> driver.findElement(By.id("bar")).isDisplayed());
        return this;
    }

    WebElement find(By by) {
        return await().atMost(20, SECONDS).ignoreExceptions().until(() -> driver.findElement(by), element -> element.isDisplayed());
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    String text(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    String value(By by) {
        return driver.findElement(by).getDomProperty("value");
    }

    /** Replaces an input's text as a person would type it. */
    void type(By by, String text) {
        WebElement input = find(by);
        input.clear();
        input.sendKeys(text);
    }

    void click(By by) {
        find(by).click();
    }

    Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    String hash() {
        return (String) script("return location.hash");
    }

    /** Errors the page's scripts or the browser logged (a refused script or style, an exception), for the assertions. */
    List<String> errors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                // The console's own 4xx answers (a wrong password, a conflict) are logged by Chromium as failed loads: they are the test's.
                .filter(message -> !message.matches(".*the server responded with a status of 4\\d\\d.*")).toList();
    }

    /** The whole page as it looks now (the window grown to its height, then back), as target/screenshots/{@code name}.png. */
    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Dimension window = driver.manage().window().getSize();
        long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
        driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(Math.max(height + 120, window.getHeight()), 4000)));
        try {
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    Cookie cookie(String name) {
        return driver.manage().getCookieNamed(name);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
