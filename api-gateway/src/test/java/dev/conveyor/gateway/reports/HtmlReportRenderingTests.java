package dev.conveyor.gateway.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The HTML report as a browser shows it: rendered by headless Chromium (Debian's {@code chromium},
 * which CI installs), its script run, and a screenshot written to
 * {@code target/profile-report.png} to look at.
 */
class HtmlReportRenderingTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOT = Path.of("target", "profile-report.png");

    @Test
    void chromiumRendersTheReportWithItsFindingsAndRunsItsScript() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (CI installs it: apt-get install chromium)");
        Path page = Files.createTempFile("report", ".html");
        Files.writeString(page, new HtmlReport().of(SampleReports.mixed(), "job-1", Instant.parse("2026-11-25T10:00:00Z")));
        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);

        String dom = chromium("--dump-dom", page.toUri().toString());
        chromium("--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1200,1400", page.toUri().toString());

        assertThat(dom).contains("compliance score", "connection refused", "id=\"findings-table\"");
        assertThat(SCREENSHOT).exists();
        assertThat(Files.size(SCREENSHOT)).as("a page, not a blank").isGreaterThan(20_000);
        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    private static String chromium(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars"));
        command.addAll(List.of(args));
        Process chromium = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).as("Chromium ended").isTrue();
        assertThat(chromium.exitValue()).as("Chromium's exit code").isZero();
        return out;
    }
}
