package dev.conveyor.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTests {

    @Test
    void selectorsAreTheMetricsWithTheirMatchersNotFunctionsLabelsOrKeywords() {
        assertThat(PromQl.selectors("""
                histogram_quantile(0.99, sum by (le, queue) (rate(conveyor_job_duration_seconds_bucket{queue="a"}[5m])))"""))
                .containsExactly("conveyor_job_duration_seconds_bucket{queue=\"a\"}");
        assertThat(PromQl.selectors("sum(rate(a_total{status=~\"FAILED|DEAD\"}[10m])) by (queue) / sum(rate(a_total[10m])) by (queue)"))
                .containsExactly("a_total{status=~\"FAILED|DEAD\"}", "a_total");
        assertThat(PromQl.selectors("(sum(rate(x[1m])) or vector(0)) / ignoring (job) group_left (queue) y offset 5m"))
                .containsExactly("x", "y");
        assertThat(PromQl.selectors("label_replace(up{job=\"a\"}, \"dst\", \"$1\", \"instance\", \"(.*):.*\")"))
                .containsExactly("up{job=\"a\"}");
        assertThat(PromQl.selectors("count_values(\"v\", build_info) + {__name__=~\"jvm_.*\"}"))
                .containsExactly("build_info", "{__name__=~\"jvm_.*\"}");
        assertThat(PromQl.selectors("max_over_time(deriv(lag[5m])[30m:1m]) > bool 0 unless on () absent(nope)"))
                .containsExactly("lag", "nope");
    }

    @Test
    void theSignalsOfAnAlertAreWhatItComparesWithItsThresholds() {
        assertThat(PromQl.signals("up{job=\"a\"} == 0")).containsExactly("up{job=\"a\"}");
        assertThat(PromQl.signals("max by (queue) (lag) > 1000\nand\nmax by (queue) (delta(lag[15m])) > 0"))
                .containsExactly("max by (queue) (lag)", "max by (queue) (delta(lag[15m]))");
        assertThat(PromQl.signals("sum(rate(f[10m])) / sum(rate(a[10m])) > 0.1 and sum(increase(a[10m])) >= 20"))
                .containsExactly("sum(rate(f[10m])) / sum(rate(a[10m]))", "sum(increase(a[10m]))");
        assertThat(PromQl.signals("x > 1 or (y > 0 unless on (q) y offset 10m)"))
                .containsExactly("x", "y", "y offset 10m");
        assertThat(PromQl.signals("absent(up{job=\"w\"} == 1) or a > bool -1"))
                .containsExactly("up{job=\"w\"}", "a");
        assertThat(PromQl.signals("latency > on (queue) group_left slo")).containsExactly("latency", "slo");
        assertThat(PromQl.signals("(rate(a[5m]) > 2) * 3")).containsExactly("(rate(a[5m]) > 2) * 3");
        assertThat(PromQl.signals("histogram_quantile(0.99, sum by (le) (rate(b[15m]))) > 60"))
                .containsExactly("histogram_quantile(0.99, sum by (le) (rate(b[15m])))");
    }

    @Test
    void offsetsAreDroppedForAStoreThatHoldsMinutes() {
        assertThat(PromQl.withoutOffsets("sum by (q) (x offset 10m) - y offset -1h"))
                .isEqualTo("sum by (q) (x ) - y ");
        assertThat(PromQl.withoutOffsets("rate(x[5m])")).isEqualTo("rate(x[5m])");
    }
}
