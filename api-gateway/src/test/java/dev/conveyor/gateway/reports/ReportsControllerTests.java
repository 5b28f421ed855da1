package dev.conveyor.gateway.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.conveyor.common.jobs.JobRequest;
import dev.conveyor.common.jobs.JobSnapshot;
import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.gateway.auth.ImportApiSecurity;
import dev.conveyor.gateway.store.JobStore;
import java.time.Instant;
import java.util.Optional;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.test.web.servlet.MvcResult;

@WebMvcTest(ReportsController.class)
@ImportApiSecurity
@Import(HtmlReport.class)
@WithMockUser(username = "vera", roles = "VIEWER")
class ReportsControllerTests {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private JobStore store;

    private static JobRequest request(String id, String type) {
        return new JobRequest(id, type, null, "default", null, 1, null, "vera", T0, null, null, null);
    }

    private static JobSnapshot queued(String id, String type) {
        return JobSnapshot.queued(request(id, type));
    }

    private void aSucceededProfileJob(String id) {
        JobSnapshot running = JobSnapshot.running(request(id, "profile"), "w1", T0);
        given(store.find(id)).willReturn(Optional.of(running.toSucceeded(
                ConveyorJson.mapper().valueToTree(SampleReports.mixed()), T0.plusSeconds(3))));
    }

    @Test
    void aProfileJobsReportInEachFormat() throws Exception {
        aSucceededProfileJob("p1");

        mvc.perform(get("/api/v1/jobs/p1/report")).andExpect(status().isOk())
                .andExpect(jsonPath("$.summary.failed").value(1))
                .andExpect(jsonPath("$.score").value(60.0));
        mvc.perform(get("/api/v1/jobs/p1/report?format=junit")).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("application/xml"))
                .andExpect(content().string(Matchers.containsString("<testsuite name=\"b.example\"")));
        mvc.perform(get("/api/v1/jobs/p1/report?format=HTML")).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/html"))
                .andExpect(content().string(Matchers.containsString("compliance report")));
    }

    /**
     * The report's one inline script and style run in a browser under the answer's
     * Content-Security-Policy, which allows them by hash and nothing else: the hashes of what was
     * rendered, not of something like it.
     */
    @Test
    void theHtmlReportsInlineScriptAndStyleAreAllowedByTheirHashesAndNothingElseIs() throws Exception {
        aSucceededProfileJob("p1");

        MvcResult answer = mvc.perform(get("/api/v1/jobs/p1/report?format=html")).andExpect(status().isOk()).andReturn();
        String policy = answer.getResponse().getHeader("Content-Security-Policy");
        Matcher inline = Pattern.compile("<(script|style)>(.*?)</\\1>", Pattern.DOTALL)
                .matcher(answer.getResponse().getContentAsString());
        int found = 0;
        while (inline.find()) {
            String hash = "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(inline.group(2).getBytes(StandardCharsets.UTF_8)));
            assertThat(policy).contains(inline.group(1) + "-src '" + hash + "'");
            found++;
        }
        assertThat(found).isEqualTo(2);
        assertThat(policy).startsWith("default-src 'none';").doesNotContain("unsafe-inline");
    }

    @Test
    void noReportForAnotherJobTypeAnUnfinishedJobAnUnknownJobOrAnUnknownFormat() throws Exception {
        given(store.find("s1")).willReturn(Optional.of(queued("s1", "sleep")));
        given(store.find("p2")).willReturn(Optional.of(queued("p2", "profile")));
        aSucceededProfileJob("p1");

        mvc.perform(get("/api/v1/jobs/s1/report")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("only profile jobs have reports")));
        mvc.perform(get("/api/v1/jobs/p2/report")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("QUEUED")));
        mvc.perform(get("/api/v1/jobs/nope/report")).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/jobs/p1/report?format=pdf")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].parameter").value("format"));
    }
}
