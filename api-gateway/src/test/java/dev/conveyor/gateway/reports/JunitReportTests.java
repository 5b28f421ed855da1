package dev.conveyor.gateway.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

class JunitReportTests {

    private final String xml = JunitReport.of(SampleReports.mixed());

    @Test
    void theReportIsValidJunitXml() {
        assertThatCode(() -> SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(getClass().getResource("/junit-10.xsd")).newValidator()
                .validate(new StreamSource(new StringReader(xml)))).doesNotThrowAnyException();
    }

    @Test
    void aSuitePerTargetACasePerControlAndEachOutcomeAsCiSystemsReadIt() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(xml)));
        Element suites = doc.getDocumentElement();
        assertThat(suites.getAttribute("tests")).isEqualTo("6");
        assertThat(suites.getAttribute("failures")).isEqualTo("1");
        assertThat(suites.getAttribute("errors")).isEqualTo("1");

        Element b = (Element) doc.getElementsByTagName("testsuite").item(1);
        assertThat(b.getAttribute("name")).isEqualTo("b.example");
        assertThat(b.getAttribute("skipped")).isEqualTo("1");
        Element home = (Element) b.getElementsByTagName("testcase").item(0);
        assertThat(home.getAttribute("classname")).isEqualTo("web.b.example");
        assertThat(home.getAttribute("time")).isEqualTo("1.500");
        Element failure = (Element) home.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo(SampleReports.AWKWARD);
        assertThat(failure.getTextContent()).contains("\"status\":500");
        assertThat(((Element) b.getElementsByTagName("testcase").item(1)).getElementsByTagName("error").getLength())
                .isOne();
        assertThat(((Element) b.getElementsByTagName("testcase").item(2)).getElementsByTagName("skipped").getLength())
                .isOne();
    }
}
