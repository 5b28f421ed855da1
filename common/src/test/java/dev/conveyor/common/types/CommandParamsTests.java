package dev.conveyor.common.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.conveyor.common.json.ConveyorJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandParamsTests {

    /** Parses command params written with single quotes, for legibility. */
    private static CommandParams parse(String params) {
        return (CommandParams) JobTypes.parse("command", ConveyorJson.mapper().readTree(params.replace('\'', '"')));
    }

    private static List<Violation> violationsOf(String params) {
        InvalidJobException rejection = catchThrowableOfType(InvalidJobException.class, () -> parse(params));
        assertThat(rejection).as("the rejection of %s", params).isNotNull();
        return rejection.violations();
    }

    @Test
    void expectsExitCode0AndKeeps64KiBOfEachStreamByDefault() {
        assertThat(parse("{'executable':'/usr/bin/df'}")).isEqualTo(new CommandParams("/usr/bin/df", List.of(), null,
                Map.of(), List.of(0), null, null, null, 64 * 1024));
    }

    @Test
    void bindsEveryParameter() {
        CommandParams params = parse("""
                {'executable':'/usr/lib/nagios/plugins/check_disk','args':['-w','20%','-p','/'],
                 'workingDir':'/tmp','env':{'LANG':'C.UTF-8'},'expectExitCode':[0,1],
                 'stdoutContains':'DISK OK','stdoutMatches':'(?m)^DISK (OK|WARNING)','stderrContains':'',
                 'outputLimit':1048576}""");

        assertThat(params.args()).containsExactly("-w", "20%", "-p", "/");
        assertThat(params.env()).containsExactly(Map.entry("LANG", "C.UTF-8"));
        assertThat(params.expectExitCode()).containsExactly(0, 1);
        assertThat(params.stdoutPattern()).hasValueSatisfying(p -> assertThat(p.matcher("x\nDISK OK").find()).isTrue());
        assertThat(params.outputLimit()).isEqualTo(1024 * 1024);
    }

    @Test
    void anExpectedExitCodeMayBeOneNumberOrAList() {
        assertThat(parse("{'executable':'/bin/true','expectExitCode':2}").expectExitCode()).containsExactly(2);
        assertThat(parse("{'executable':'/bin/true','expectExitCode':[2,3]}").expectExitCode()).containsExactly(2, 3);
    }

    @Test
    void theExecutableIsRequiredAndMustBeAnAbsolutePath() {
        assertThat(violationsOf("{}")).containsExactly(
                new Violation("/params/executable", "is required: an absolute path, e.g. \"/usr/bin/df\""));
        assertThat(violationsOf("{'executable':'df'}")).containsExactly(
                new Violation("/params/executable", "'df' is not an absolute path: it must start with '/'"));
        assertThat(violationsOf("{'executable':'bin/../df'}")).extracting(Violation::pointer)
                .containsExactly("/params/executable");
    }

    @Test
    void theWorkingDirectoryMustBeAnAbsolutePathToo() {
        assertThat(violationsOf("{'executable':'/bin/pwd','workingDir':'tmp'}")).containsExactly(
                new Violation("/params/workingDir", "'tmp' is not an absolute path: it must start with '/'"));
    }

    @Test
    void aRegularExpressionThatDoesNotCompileIsNamedWithWhereItBreaks() {
        assertThat(violationsOf("{'executable':'/bin/date','stdoutMatches':'(unclosed'}")).singleElement()
                .satisfies(v -> {
                    assertThat(v.pointer()).isEqualTo("/params/stdoutMatches");
                    assertThat(v.message()).startsWith("is not a regular expression: Unclosed group");
                });
    }

    @Test
    void theOutputLimitIsAtLeastAByteAndAtMostOneMebibyte() {
        assertThat(violationsOf("{'executable':'/bin/date','outputLimit':1048577}")).containsExactly(
                new Violation("/params/outputLimit", "must be between 1 and 1048576 bytes (1 MiB)"));
        assertThat(violationsOf("{'executable':'/bin/date','outputLimit':0}")).extracting(Violation::pointer)
                .containsExactly("/params/outputLimit");
    }

    @Test
    void everyBadExitCodeIsPointedAt() {
        assertThat(violationsOf("{'executable':'/bin/date','expectExitCode':[0,256,-1]}")).containsExactly(
                new Violation("/params/expectExitCode/1", "must be an exit code between 0 and 255"),
                new Violation("/params/expectExitCode/2", "must be an exit code between 0 and 255"));
        assertThat(violationsOf("{'executable':'/bin/date','expectExitCode':[]}")).containsExactly(
                new Violation("/params/expectExitCode", "must hold at least one exit code; leave it out to expect 0"));
        assertThat(violationsOf("{'executable':'/bin/date','expectExitCode':[0,null]}")).extracting(Violation::pointer)
                .containsExactly("/params/expectExitCode/1");
        assertThat(violationsOf("{'executable':'/bin/date','expectExitCode':'zero'}")).extracting(Violation::pointer)
                .singleElement().asString().startsWith("/params/expectExitCode");
    }

    @Test
    void environmentNamesMustBeNamesAndNoValueMayHoldANul() {
        assertThat(violationsOf("{'executable':'/usr/bin/env','env':{'1X':'a','A/B':'b','OK':'c\\u0000d'}}"))
                .extracting(Violation::pointer)
                .containsExactlyInAnyOrder("/params/env/1X", "/params/env/A~1B", "/params/env/OK");
    }

    @Test
    void anArgumentIsAString() {
        assertThat(violationsOf("{'executable':'/bin/echo','args':['a',null,'b\\u0000']}")).containsExactly(
                new Violation("/params/args/1", "must be a string"),
                new Violation("/params/args/2", "must not hold a NUL character"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(violationsOf("{'executable':'sh','stdoutMatches':'[','outputLimit':2000000,'expectExitCode':300}"))
                .extracting(Violation::pointer).containsExactly("/params/executable", "/params/expectExitCode/0",
                        "/params/stdoutMatches", "/params/outputLimit");
    }
}
