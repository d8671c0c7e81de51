import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * javac's command line, run once per file inside one JVM: an independent judge for many states
 * (tests, benchmarks) without a JVM start per state.
 *
 * <p>Usage: {@code java JavacBatch.java DIR...}: each DIR holds one state's file, named after
 * its public class. Each is compiled on its own exactly as {@code javac -d DIR/classes FILE}
 * would (ToolProvider's compiler run() is javac's Main), with the working directory's sources
 * out of reach (-sourcepath DIR). Prints one line per DIR: "ok DIR" or "error DIR <message>"
 * with the message's newlines escaped.
 */
public final class JavacBatch {
    private JavacBatch() {
    }

    public static void main(String[] args) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        for (String folder : args) {
            Path dir = Path.of(folder);
            Path file;
            try (var listing = Files.list(dir)) {
                file = listing.filter(p -> p.toString().endsWith(".java")).findFirst().orElseThrow();
            }
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            PrintStream err = new PrintStream(said, true, StandardCharsets.UTF_8);
            int status = javac.run(null, err, err, "-proc:none", "-implicit:none", "-nowarn", "-encoding", "UTF-8",
                    "-sourcepath", dir.toString(), "-cp", dir.resolve("classes").toString(),
                    "-d", dir.resolve("classes").toString(), file.toString());
            String text = said.toString(StandardCharsets.UTF_8).replace("\\", "\\\\").replace("\n", "\\n");
            System.out.println((status == 0 ? "ok " : "error ") + folder + (status == 0 ? "" : " " + text));
        }
    }
}
