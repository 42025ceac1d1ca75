package io.labcheck.report;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both named by path so Selenium
 * Manager never looks for (or downloads) a browser. Closing it quits the browser, whatever the test did.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String REQUIRE_BROWSER = "LABCHECK_REQUIRE_BROWSER";
    static final String MISSING = "no headless browser here (" + CHROMIUM + ", " + CHROMEDRIVER
            + "): apt-get install chromium chromium-driver";
    private static final Duration BOUND = Duration.ofSeconds(30);
    // Debian's Chromium is newer than any DevTools binding Selenium ships; the report needs none (the
    // screenshot goes through chromedriver's own CDP endpoint), so the warning about it is only noise.
    private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");
    private static final Logger CHROMIUM_LOG = Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver");

    static {
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
        CHROMIUM_LOG.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A fresh browser with its profile in {@code profileDir}; skips (or fails, when required) without one. */
    static Browser open(Path profileDir) {
        requireInstalled();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().withTimeout(BOUND).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // root, no network, no display: no sandbox, nothing that phones home, a throw-away profile
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profileDir.toAbsolutePath(), "--window-size=1280,2000");
        options.setPageLoadTimeout(BOUND);
        options.setScriptTimeout(BOUND);
        options.setImplicitWaitTimeout(Duration.ZERO);
        return new Browser(new ChromeDriver(service, options));
    }

    static void requireInstalled() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        if ("1".equals(System.getenv(REQUIRE_BROWSER))) {
            Assertions.fail(MISSING + " (" + REQUIRE_BROWSER + "=1 requires it)");
        }
        Assumptions.abort(MISSING);
    }

    void load(Path page) {
        driver.get(page.toAbsolutePath().toUri().toString());
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    /** The whole page, not just the window: Chromium's own capture beyond the viewport. */
    void screenshot(Path png) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of())
                .get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
        Object data = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip)).get("data");
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode((String) data));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
