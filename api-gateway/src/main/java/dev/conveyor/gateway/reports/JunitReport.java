package dev.conveyor.gateway.reports;

import dev.conveyor.common.profiles.CheckRecord;
import dev.conveyor.common.profiles.Counts;
import dev.conveyor.common.profiles.ProfileReport;
import dev.conveyor.common.profiles.TargetReport;
import java.io.StringWriter;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A profile report as JUnit XML, the dialect CI systems read (Jenkins' {@code junit-10.xsd}): one
 * {@code testsuite} per target, one {@code testcase} per control; a failed check is a
 * {@code failure}, an error an {@code error}, a skipped one {@code skipped}.
 */
final class JunitReport {

    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private JunitReport() {
    }

    static String of(ProfileReport report) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XML.createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", report.profile());
            counts(xml, report.summary());
            xml.writeAttribute("time", seconds(report.targets().stream()
                    .flatMap(t -> t.checks().stream()).mapToLong(CheckRecord::durationMs).sum()));
            for (TargetReport target : report.targets()) {
                suite(xml, report, target);
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing a JUnit report failed", e);
        }
        return out.toString();
    }

    private static void suite(XMLStreamWriter xml, ProfileReport report, TargetReport target) throws XMLStreamException {
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", target.name());
        counts(xml, target.counts());
        xml.writeAttribute("skipped", Integer.toString(target.counts().skipped()));
        xml.writeAttribute("time", seconds(target.checks().stream().mapToLong(CheckRecord::durationMs).sum()));
        for (CheckRecord check : target.checks()) {
            xml.writeStartElement("testcase");
            xml.writeAttribute("name", check.control());
            xml.writeAttribute("classname", report.profile() + "." + target.name());
            xml.writeAttribute("time", seconds(check.durationMs()));
            String element = switch (check.outcome()) {
                case PASSED -> null;
                case FAILED -> "failure";
                case ERROR -> "error";
                case SKIPPED -> "skipped";
            };
            if (element != null) {
                xml.writeStartElement(element);
                xml.writeAttribute("type", check.outcome().json());
                xml.writeAttribute("message", check.message());
                xml.writeCharacters(check.evidence() == null ? check.message() : check.evidence().toString());
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void counts(XMLStreamWriter xml, Counts counts) throws XMLStreamException {
        xml.writeAttribute("tests", Integer.toString(counts.total()));
        xml.writeAttribute("failures", Integer.toString(counts.failed()));
        xml.writeAttribute("errors", Integer.toString(counts.error()));
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
