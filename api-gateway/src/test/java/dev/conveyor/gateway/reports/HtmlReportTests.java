package dev.conveyor.gateway.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HtmlReportTests {

    private final String html = new HtmlReport().of(SampleReports.mixed(), "job-1", Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    void theSummaryComesFirstThenTheFindingsMostSevereFirst() {
        assertThat(html).contains("<title>Web basics · compliance report</title>", "60.0 %", "job-1");
        int summary = html.indexOf("id=\"summary\"");
        int findings = html.indexOf("id=\"findings\"");
        int critical = html.indexOf("connection refused");
        int high = html.indexOf("answered &lt;500&gt;");
        assertThat(summary).isPositive().isLessThan(findings);
        assertThat(critical).as("the critical finding before the high one").isGreaterThan(findings).isLessThan(high);
    }

    @Test
    void whatChecksSayIsEscapedAndThePageNeedsNothingFromElsewhere() {
        assertThat(html).doesNotContain("<500>").contains("&quot;no&quot;");
        assertThat(html).doesNotContain("src=\"http", "href=\"http", "<link");
    }
}
