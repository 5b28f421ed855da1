package dev.conveyor.gateway.auth;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import dev.conveyor.gateway.audit.AuditTrail;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Who may call what: bearer tokens with a role, checked on every request, with nothing kept
 * between requests (no session, so no CSRF to guard against, no login form, no basic auth).
 * {@link #rules} is the whole table of URL rules.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AuthProperties.class, RateLimitProperties.class, CorsProperties.class})
class ApiSecurity {

    private static final String VIEWER = Role.VIEWER.name();
    private static final String OPERATOR = Role.OPERATOR.name();
    private static final String ADMIN = Role.ADMIN.name();

    @Bean
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, TokenAuthenticationProvider tokens,
            AuthProblems problems, AuthProperties properties, RateLimitProperties rateLimits, CorsProperties cors, Clock clock,
            ObjectProvider<AuditTrail> audit) {
        AuthenticationFilter bearer = new AuthenticationFilter(new ProviderManager(tokens), new BearerTokenConverter());
        bearer.setSuccessHandler((request, response, authentication) -> {
            // Nothing to do: the request goes on to its endpoint (the default would redirect).
        });
        bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(problems));
        // Right after authentication, and in this order: the audit sees what the rate limit and
        // the rules answered.
        audit.ifAvailable(trail -> http.addFilterAfter(new AuditRecorder(trail, clock), BasicAuthenticationFilter.class));
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterAt(bearer, BasicAuthenticationFilter.class)
                .addFilterAfter(new TokenRateLimits(rateLimits, problems, clock), BasicAuthenticationFilter.class)
                .headers(ApiHeaders::configure)
                .cors(allowed -> allowed.configurationSource(corsSource(cors)))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(registry -> rules(registry, properties))
                .build();
    }

    /** The origins {@code conveyor.gateway.cors} names, for {@code /api/**}; none by default. */
    private static CorsConfigurationSource corsSource(CorsProperties cors) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (cors.enabled()) {
            CorsConfiguration api = new CorsConfiguration();
            api.setAllowedOrigins(cors.allowedOrigins());
            api.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
            api.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID"));
            api.setExposedHeaders(List.of("Location", "Retry-After"));
            api.setMaxAge(cors.maxAge());
            source.registerCorsConfiguration("/api/**", api);
        }
        return source;
    }

    /**
     * The URL rules, first match wins. The rest of {@code /api} and anything unlisted needs
     * {@code ADMIN}: a new endpoint is closed until a rule here opens it.
     */
    private static void rules(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules,
            AuthProperties properties) {
        // What follows a request that was let through: its error page, the rest of its stream.
        rules.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
        // Scrapers: anybody, unless conveyor.gateway.auth.open-metrics=false.
        var metrics = rules.requestMatchers("/actuator/prometheus");
        if (properties.openMetrics()) {
            metrics.permitAll();
        } else {
            metrics.hasRole(VIEWER);
        }
        // The API docs: anybody, unless conveyor.gateway.auth.open-docs=false.
        var docs = rules.requestMatchers("/docs", "/docs/**", "/swagger-ui/**",
                "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml");
        if (properties.openDocs()) {
            docs.permitAll();
        } else {
            docs.hasRole(VIEWER);
        }
        rules
                // Anybody: probes, build info (and /error, where failed requests end).
                .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/error").permitAll()
                // ADMIN: tokens, even to read them, and the audit trail.
                .requestMatchers("/api/v1/tokens", "/api/v1/tokens/**").hasRole(ADMIN)
                .requestMatchers("/api/v1/audit", "/api/v1/audit/**").hasRole(ADMIN)
                // VIEWER: every other read.
                .requestMatchers(GET, "/api/v1/**").hasRole(VIEWER)
                // OPERATOR: running jobs.
                .requestMatchers(POST, "/api/v1/jobs", "/api/v1/jobs:batch", "/api/v1/jobs/*/cancel",
                        "/api/v1/jobs/*/relaunch", "/api/v1/templates/*/launch", "/api/v1/profiles/*/run")
                .hasRole(OPERATOR)
                // ADMIN: templates, profiles, and whatever no rule above names.
                .requestMatchers(POST, "/api/v1/templates", "/api/v1/templates/**").hasRole(ADMIN)
                .requestMatchers(PUT, "/api/v1/templates/**").hasRole(ADMIN)
                .requestMatchers(DELETE, "/api/v1/templates/**").hasRole(ADMIN)
                .requestMatchers("/api/**").hasRole(ADMIN)
                .anyRequest().hasRole(ADMIN);
    }

    /** {@code ADMIN} may do all {@code OPERATOR} may, which may do all {@code VIEWER} may. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(ADMIN).implies(OPERATOR)
                .role(OPERATOR).implies(VIEWER)
                .build();
    }
}
