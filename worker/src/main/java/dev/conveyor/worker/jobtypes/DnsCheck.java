package dev.conveyor.worker.jobtypes;

import dev.conveyor.common.checks.CheckResult;
import dev.conveyor.common.jobs.JobError;
import dev.conveyor.common.types.DnsParams;
import dev.conveyor.worker.execution.Check;
import dev.conveyor.worker.execution.JobContext;
import dev.conveyor.worker.targets.TargetGuard;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.spi.NamingManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code dns}: asks a resolver for the records of one type of a name, with the JDK's DNS provider
 * for JNDI, and passes if every expected value is among the answers (or, expecting nothing, if
 * there is any answer). A name that does not exist, or has no such records, fails; a resolver that
 * cannot be reached, does not answer in time or answers with an error leaves the check unable to
 * tell. The resolver asked is kept to the queue's target scope: resolved here, checked, and asked at
 * the address checked. The system's resolver, when the job names none, is the worker's own choice
 * and is not judged.
 */
@Component
class DnsCheck implements Check<DnsParams> {

    private static final Logger log = LoggerFactory.getLogger(DnsCheck.class);

    private static final String DNS_PROVIDER = "com.sun.jndi.dns.DnsContextFactory";
    private static final String FIRST_WAIT = "com.sun.jndi.dns.timeout.initial";
    private static final String RETRIES = "com.sun.jndi.dns.timeout.retries";
    /** One retry, which waits twice as long as the first try: three first waits in all. */
    private static final int RETRY_COUNT = 1;
    private static final Duration LONGEST_FIRST_WAIT = Duration.ofSeconds(5);

    private final TargetGuard guard;

    /** @param guard what resolves the resolver's host and keeps the check within its queue's scope */
    DnsCheck(TargetGuard guard) {
        this.guard = guard;
    }

    @Override
    public String type() {
        return "dns";
    }

    @Override
    public Class<DnsParams> paramsType() {
        return DnsParams.class;
    }

    @Override
    public CheckResult run(DnsParams params, JobContext context) throws InterruptedException {
        long start = System.nanoTime();
        String resolver = params.resolverAddress().map(DnsCheck::hostAndPort).orElse("the system's resolver");
        String question = params.name() + " " + params.type();
        ObjectNode evidence = JsonNodeFactory.instance.objectNode().put("resolver", resolver);
        // The server asked is what the scope judges; the name asked about is only a question.
        String server = null;
        if (params.resolverAddress().isPresent()) {
            InetSocketAddress written = params.resolverAddress().get();
            try {
                InetAddress address = guard.addresses(context.queue(), written.getHostString(), written.getPort())
                        .getFirst();
                server = hostAndPort(address.getHostAddress(), written.getPort());
            } catch (UnknownHostException e) {
                return CheckResult.error("could not resolve the resolver " + resolver + ": " + JobError.describe(e),
                        evidence, since(start));
            }
        }
        List<String> answers;
        try {
            answers = lookup(params, server, context.timeout());
        } catch (NameNotFoundException e) {
            evidence.putArray("answers");
            return CheckResult.failed(params.name() + " does not exist (NXDOMAIN from " + resolver + ")", evidence,
                    since(start));
        } catch (NamingException e) {
            return CheckResult.error("could not ask " + resolver + " for " + question + ": " + why(e), evidence,
                    since(start));
        }
        ArrayNode answered = evidence.putArray("answers");
        answers.forEach(answered::add);
        context.log(resolver + " answered " + question + " with " + answers.size() + " records in "
                + since(start).toMillis() + " ms");
        if (params.expect() == null) {
            return answers.isEmpty()
                    ? CheckResult.failed(params.name() + " has no " + params.type() + " records", evidence, since(start))
                    : CheckResult.passed(question + ": " + answers, evidence, since(start));
        }
        List<String> missing = params.expect().stream()
                .filter(expected -> answers.stream().noneMatch(answer -> DnsAnswers.matches(params.type(), answer, expected)))
                .toList();
        if (!missing.isEmpty()) {
            ArrayNode absent = evidence.putArray("missing");
            missing.forEach(absent::add);
            return CheckResult.failed(question + " lacks " + missing + "; answers: " + answers, evidence, since(start));
        }
        return CheckResult.passed(question + " has every expected value: " + answers, evidence, since(start));
    }

    /**
     * The answers to the question. The JDK's DNS client does not stop when its thread is
     * interrupted: it waits out its timeouts. So the lookup runs on a virtual thread of its own,
     * and the job's thread, which an interrupt does wake, closes the context under it.
     */
    private static List<String> lookup(DnsParams params, String server, Duration timeout) throws NamingException,
            InterruptedException {
        // Straight from the DNS provider rather than through InitialDirContext, which would hand a
        // name that looks like a URL ("ldap:…") to that scheme's provider.
        DirContext dns = (DirContext) NamingManager.getInitialContext(environment(server, timeout));
        String type = params.type().name();
        FutureTask<Attributes> query = new FutureTask<>(() -> dns.getAttributes(params.name(), new String[] {type}));
        Thread.ofVirtual().name("dns-lookup").start(query);
        try {
            return DnsAnswers.of(params.type(), query.get().get(type));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NamingException failure) {
                throw failure;
            }
            NamingException failure = new NamingException(JobError.describe(e.getCause()));
            failure.setRootCause(e.getCause());
            throw failure;
        } finally {
            close(dns);
        }
    }

    /** @param server the resolver's checked address and port; {@code null} for the system's resolver */
    private static Hashtable<String, Object> environment(String server, Duration timeout) {
        Hashtable<String, Object> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, DNS_PROVIDER);
        // Without a provider URL, the provider asks the servers the system is configured with.
        if (server != null) {
            environment.put(Context.PROVIDER_URL, "dns://" + server);
        }
        environment.put(FIRST_WAIT, Long.toString(firstWait(timeout).toMillis()));
        environment.put(RETRIES, Integer.toString(RETRY_COUNT));
        return environment;
    }

    /** A third of the job's timeout, at most {@link #LONGEST_FIRST_WAIT}: a silent resolver is an error before the job times out. */
    private static Duration firstWait(Duration timeout) {
        Duration third = timeout.dividedBy(3);
        if (third.compareTo(LONGEST_FIRST_WAIT) > 0) {
            return LONGEST_FIRST_WAIT;
        }
        return third.toMillis() < 1 ? Duration.ofMillis(1) : third;
    }

    private static String why(NamingException failure) {
        Throwable root = failure.getRootCause();
        if (root instanceof SocketTimeoutException) {
            return "no answer in time";
        }
        if (root instanceof PortUnreachableException) {
            return "nothing listens there (PortUnreachableException)";
        }
        return JobError.describe(root != null ? root : failure);
    }

    private static void close(DirContext dns) {
        try {
            dns.close();
        } catch (NamingException e) {
            log.debug("Could not close a DNS context", e);
        }
    }

    private static String hostAndPort(InetSocketAddress address) {
        return hostAndPort(address.getHostString(), address.getPort());
    }

    private static String hostAndPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
