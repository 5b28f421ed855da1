package dev.conveyor.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

import dev.conveyor.common.audit.AuditEntry;
import dev.conveyor.gateway.audit.AuditTrail;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;

/** What the recorder keeps of a call whose path the caller chose. */
class AuditRecorderTests {

    private final AuditTrail trail = mock(AuditTrail.class);

    @AfterEach
    void forgetTheCaller() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aPathOfAnyLengthIsRecordedCutToItsCap() throws Exception {
        SecurityContextHolder.getContext().setAuthentication(
                BearerAuthentication.of(new ApiCaller("viewer-1", Role.VIEWER, "t1")));
        MockHttpServletRequest request = new MockHttpServletRequest("DELETE", "/api/v1/templates/" + "x".repeat(100_000));
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setStatus(403);

        new AuditRecorder(trail, Clock.systemUTC()).doFilter(request, response, new MockFilterChain());

        ArgumentCaptor<AuditEntry> recorded = ArgumentCaptor.forClass(AuditEntry.class);
        then(trail).should().record(recorded.capture());
        assertThat(recorded.getValue().path()).hasSize(AuditRecorder.MAX_PATH).startsWith("/api/v1/templates/xxx");
        assertThat(recorded.getValue().target()).hasSizeLessThanOrEqualTo(256);
        assertThat(recorded.getValue().action()).isEqualTo("template.delete");
    }
}
