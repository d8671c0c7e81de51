import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * with the message's newlines escaped. A file of the JDK itself (its package is one of a system
 * module's: {@code package java.util;}) is compiled as the JDK compiles it, patched into that
 * module ({@code --patch-module java.base=DIR}); on its own javac rejects it ("package exists in
 * another module", or its module's own packages "not visible").
 *
 * <p>{@code java JavacBatch.java --packages} prints "PACKAGE MODULE" for every package of the
 * JDK's system modules instead.
 */
public final class JavacBatch {
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern PACKAGE = Pattern.compile("^\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*package\\s+([\\w.\\s]+?)\\s*;");

    private JavacBatch() {
    }

    private static int compile(JavaCompiler javac, ByteArrayOutputStream said, Path dir, Path file, String... more) {
        PrintStream err = new PrintStream(said, true, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("-proc:none", "-implicit:none", "-nowarn", "-encoding", "UTF-8",
                "-sourcepath", dir.toString(), "-cp", dir.resolve("classes").toString(),
                "-d", dir.resolve("classes").toString()));
        args.addAll(List.of(more));
        args.add(file.toString());
        return javac.run(null, err, err, args.toArray(new String[0]));
    }

    /** Package name to the system module that holds it. */
    static Map<String, String> systemPackages() {
        Map<String, String> packages = new TreeMap<>();
        for (ModuleReference reference : ModuleFinder.ofSystem().findAll()) {
            for (String name : reference.descriptor().packages()) {
                packages.put(name, reference.descriptor().name());
            }
        }
        return packages;
    }

    /** The package a source file declares ("" for the unnamed package), from its text. */
    static String packageOf(String text) {
        Matcher clause = PACKAGE.matcher(COMMENT.matcher(text).replaceAll(" "));
        return clause.find() ? clause.group(1).replaceAll("\\s", "") : "";
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> system = systemPackages();
        if (args.length == 1 && args[0].equals("--packages")) {
            system.forEach((name, module) -> System.out.println(name + " " + module));
            return;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        for (String folder : args) {
            Path dir = Path.of(folder);
            Path file;
            try (var listing = Files.list(dir)) {
                file = listing.filter(p -> p.toString().endsWith(".java")).findFirst().orElseThrow();
            }
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            String module = system.get(packageOf(Files.readString(file, StandardCharsets.UTF_8)));
            int status = module == null ? compile(javac, said, dir, file)
                    : compile(javac, said, dir, file, "--patch-module", module + "=" + dir);
            String text = said.toString(StandardCharsets.UTF_8).replace("\\", "\\\\").replace("\n", "\\n");
            System.out.println((status == 0 ? "ok " : "error ") + folder + (status == 0 ? "" : " " + text));
        }
    }
}
