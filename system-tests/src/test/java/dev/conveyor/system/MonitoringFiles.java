package dev.conveyor.system;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where the monitoring files of {@code deploy/} are, and what they hold. */
final class MonitoringFiles {

    private MonitoringFiles() {
    }

    static Path prometheusConfig() {
        return deploy().resolve("prometheus/prometheus.yml");
    }

    static Path kubernetesConfig() {
        return deploy().resolve("prometheus/prometheus-kubernetes.yml");
    }

    static Path alerts() {
        return deploy().resolve("prometheus/alerts.yml");
    }

    static Path alertTests() {
        return deploy().resolve("prometheus/alerts-tests.yml");
    }

    static List<Dashboard> dashboards() throws IOException {
        return Dashboard.readAll(deploy().resolve("grafana/dashboards"));
    }

    static List<PrometheusRule> rules() {
        return PrometheusRule.read(alerts());
    }

    private static Path deploy() {
        return LocalPorts.projectRoot().resolve("deploy");
    }
}
