package dev.conveyor.gateway.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Puts the gateway's real security into a web slice test ({@code @WebMvcTest}): the filter chain
 * with its URL rules, bearer tokens and problem answers, and what features learn of a caller's
 * token ({@link dev.conveyor.gateway.system.CallerTokens}). Requests then need a caller, e.g.
 * {@code with(user("otto").roles("OPERATOR"))} or a bearer token this gateway knows. A test that
 * sets its own {@link Clock} marks it {@code @Primary}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import({ApiSecurity.class, TokenAuthenticationProvider.class, KnownTokens.class, AuthProblems.class,
        TokenCallers.class, ImportApiSecurity.SystemClock.class})
public @interface ImportApiSecurity {

    /** The clock that expiry is checked against, unless the test has its own. */
    @TestConfiguration(proxyBeanMethods = false)
    class SystemClock {

        @Bean
        Clock apiSecurityClock() {
            return Clock.systemUTC();
        }
    }
}
