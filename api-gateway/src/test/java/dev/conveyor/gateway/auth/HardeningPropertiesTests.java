package dev.conveyor.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardeningPropertiesTests {

    @Test
    void aRateLimitThatCouldNeverPassIsRefusedSayingHowToLiftIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitProperties(true, 0, 10))
                .withMessageContaining("conveyor.gateway.rate-limit.requests-per-second must be at least 1")
                .withMessageContaining("conveyor.gateway.rate-limit.enabled=false");
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitProperties(true, 100, 10))
                .withMessageContaining("conveyor.gateway.rate-limit.burst must be at least requests-per-second (100)");
    }

    @Test
    void corsNamesItsOriginsNeverAnyOrigin() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CorsProperties(List.of("https://*.example"), Duration.ofMinutes(1)))
                .withMessageContaining("conveyor.gateway.cors.allowed-origins");
        assertThat(new CorsProperties(List.of(), Duration.ofMinutes(1)).enabled()).isFalse();
        assertThat(new CorsProperties(List.of("https://console.example"), Duration.ofMinutes(1)).enabled()).isTrue();
    }
}
