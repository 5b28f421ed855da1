package dev.conveyor.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** What counts as a bearer token in a request (RFC 6750's header form). */
class BearerTokenConverterTests {

    private final BearerTokenConverter converter = new BearerTokenConverter();

    private Authentication convert(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return converter.convert(request);
    }

    @Test
    void theTokenIsWhatFollowsTheScheme() {
        assertThat(convert("Bearer cvy_abc_def").getCredentials()).isEqualTo("cvy_abc_def");
        assertThat(convert("bearer  cvy_abc_def ").getCredentials()).as("any case, spaces around")
                .isEqualTo("cvy_abc_def");
        assertThat(convert("Bearer cvy_abc_def").isAuthenticated()).isFalse();
    }

    @Test
    void noHeaderOrAnotherSchemeIsNoToken() {
        assertThat(convert(null)).isNull();
        assertThat(convert("Basic dXNlcjpwYXNz")).isNull();
    }

    @Test
    void aBearerHeaderWithoutATokenIsABadOne() {
        assertThatThrownBy(() -> convert("Bearer")).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> convert("Bearer ")).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> convert("Bearer two words")).isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void thePresentedTokenNeverShowsInItsDescription() {
        assertThat(convert("Bearer cvy_abc_topsecret").toString()).doesNotContain("topsecret");
    }
}
