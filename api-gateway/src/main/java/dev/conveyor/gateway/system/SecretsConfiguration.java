package dev.conveyor.gateway.system;

import dev.conveyor.common.secrets.SecretBox;
import dev.conveyor.common.secrets.SecretsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The keys that seal secret parameters before they leave the gateway. */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    @Bean
    SecretBox secretBox(SecretsProperties properties) {
        return properties.box();
    }
}
