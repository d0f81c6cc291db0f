// The LSU is a Java application: its validator is most probably the JDK's javax.xml.validation.
// Usage: java Validate SCHEMA.xsd LIST.txt — LIST holds one file path a line; prints, per file,
// "<path>\tVALID" or "<path>\tINVALID\t<first error>". External entities and DTDs are refused.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.*;
import org.xml.sax.SAXException;

public class Validate {
    public static void main(String[] args) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        Schema schema = factory.newSchema(new File(args[0]));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        for (String line : Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8)) {
            if (line.isEmpty()) continue;
            Validator validator = schema.newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            try {
                validator.validate(new StreamSource(new File(line)));
                out.println(line + "\tVALID");
            } catch (SAXException e) {
                out.println(line + "\tINVALID\t" + String.valueOf(e.getMessage()).replaceAll("[\\t\\n\\r]", " "));
            }
        }
    }
}
