package dev.conveyor.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.common.jobs.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The gateway's settings as they bind from configuration keys. */
class GatewayPropertiesTests {

    private static GatewayProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("conveyor.gateway", Bindable.of(GatewayProperties.class));
    }

    @Test
    void jobsAreNotRetriedUnlessConfigured() {
        assertThat(bind(Map.of()).defaultRetry()).isEqualTo(RetryPolicy.NONE);
    }

    @Test
    void aDefaultRetryPolicyBindsFromItsKeys() {
        GatewayProperties properties = bind(Map.of(
                "conveyor.gateway.default-retry.max-attempts", "4",
                "conveyor.gateway.default-retry.initial-delay", "PT3S"));

        assertThat(properties.defaultRetry().maxAttempts()).isEqualTo(4);
        assertThat(properties.defaultRetry().initialDelay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(properties.defaultRetry().multiplier()).isEqualTo(2.0);
    }

    @Test
    void anInvalidDefaultRetryPolicyStopsTheGatewayFromStarting() {
        assertThatThrownBy(() -> bind(Map.of("conveyor.gateway.default-retry.jitter", "3")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("maxAttempts must be between 1 and 100")
                .hasMessageContaining("jitter must be between 0 and 1");
    }
}
